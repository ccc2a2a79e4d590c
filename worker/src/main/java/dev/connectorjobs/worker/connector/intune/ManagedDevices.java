package dev.connectorjobs.worker.connector.intune;

import static dev.connectorjobs.worker.connector.intune.IntuneConnector.CONNECTOR;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftApi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Intune's managed devices: {@code GET /deviceManagement/managedDevices?$select=...&$top=}
 * and then every {@code @odata.nextLink} as given (its {@code $skiptoken} is opaque), one page in
 * memory at a time.
 */
final class ManagedDevices {

    static final String PATH = "/deviceManagement/managedDevices";

    private final ManagedDeviceNormalizer normalizer;
    private final IntuneProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    ManagedDevices(
            ManagedDeviceNormalizer normalizer,
            IntuneProperties properties,
            InventoryProperties inventory,
            AssetSink sink) {
        this.normalizer = normalizer;
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
    }

    /** A token, then one managed device's id: proves tenant, credentials, permission and URL. */
    Map<String, Object> testConnection(VendorApi api, JobContext job) {
        VendorResponse page =
                api.send(VendorRequest.get(PATH).withQuery("$top", "1").withQuery("$select", "id"), job);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("auth", api.auth().scheme());
        result.put("devices_seen", page.array("value").size());
        return result;
    }

    /** Every managed device, normalized; the result of {@link Inventory#fetch}. */
    Map<String, Object> fetch(VendorApi api, JobContext job) {
        VendorRequest first = VendorRequest.get(PATH)
                .withQuery("$select", String.join(",", ManagedDeviceNormalizer.SELECT))
                .withQuery("$top", Integer.toString(properties.pageSize()));
        return Inventory.of(api, "value", MicrosoftApi.NEXT_LINK, normalizer::normalize)
                .pageCap(properties.pageCap())
                .fetch(first, InventoryCollector.forJob(CONNECTOR.name(), job, inventory, sink), job)
                .result();
    }
}
