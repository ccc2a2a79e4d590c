package dev.connectorjobs.worker.connector.intune;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.connector.microsoft.GraphInventory;
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
    private final GraphInventory graph;

    ManagedDevices(ManagedDeviceNormalizer normalizer, IntuneProperties properties, GraphInventory graph) {
        this.normalizer = normalizer;
        this.properties = properties;
        this.graph = graph;
    }

    /** A token, then one managed device's id: proves tenant, credentials, permission and URL. */
    Map<String, Object> testConnection(VendorApi api, JobContext job) {
        VendorResponse page =
                api.send(VendorRequest.get(PATH).withQuery("$top", "1").withQuery("$select", "id"), job);
        return GraphInventory.connected(api, "devices_seen", page.array("value").size());
    }

    /** Every managed device, normalized; the result of {@link Inventory#fetch}. */
    Map<String, Object> fetch(VendorApi api, JobContext job) {
        VendorRequest first = VendorRequest.get(PATH)
                .withQuery("$select", String.join(",", ManagedDeviceNormalizer.SELECT))
                .withQuery("$top", Integer.toString(properties.pageSize()));
        return graph.fetch(api, first, normalizer::normalize, properties.pageCap(), job)
                .result();
    }
}
