package dev.connectorjobs.worker.connector.defender;

import static dev.connectorjobs.worker.connector.defender.DefenderConnector.CONNECTOR;

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
 * Reads Defender's machines: {@code GET /api/machines?$top=} and then every {@code
 * @odata.nextLink} as given. The API answers 404, not an empty list, when the tenant has no
 * machines; that is read as an empty inventory.
 */
final class Machines {

    static final String PATH = "/api/machines";

    private final MachineNormalizer normalizer;
    private final DefenderProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    Machines(
            MachineNormalizer normalizer,
            DefenderProperties properties,
            InventoryProperties inventory,
            AssetSink sink) {
        this.normalizer = normalizer;
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
    }

    /** A token, then one machine (a 404: none yet, still connected). */
    Map<String, Object> testConnection(VendorApi api, JobContext job) {
        VendorResponse page =
                api.send(VendorRequest.get(PATH).withQuery("$top", "1").handling(404), job);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("auth", api.auth().scheme());
        result.put(
                "machines_seen", page.status() == 404 ? 0 : page.array("value").size());
        return result;
    }

    /** Every machine, normalized; the result of {@link Inventory#fetch}, empty after a 404. */
    Map<String, Object> fetch(VendorApi api, JobContext job) {
        VendorRequest first = VendorRequest.get(PATH)
                .withQuery("$top", Integer.toString(properties.pageSize()))
                .handling(404);
        return Inventory.of(api, "value", MicrosoftApi.NEXT_LINK, normalizer::normalize)
                .pageCap(properties.pageCap())
                .fetch(first, InventoryCollector.forJob(CONNECTOR.name(), job, inventory, sink), job)
                .result();
    }
}
