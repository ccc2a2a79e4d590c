package dev.connectorjobs.worker.connector.defender;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.connector.microsoft.GraphInventory;
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
    private final GraphInventory graph;

    Machines(MachineNormalizer normalizer, DefenderProperties properties, GraphInventory graph) {
        this.normalizer = normalizer;
        this.properties = properties;
        this.graph = graph;
    }

    /** A token, then one machine (a 404: none yet, still connected). */
    Map<String, Object> testConnection(VendorApi api, JobContext job) {
        VendorResponse page =
                api.send(VendorRequest.get(PATH).withQuery("$top", "1").handling(404), job);
        return GraphInventory.connected(
                api,
                "machines_seen",
                page.status() == 404 ? 0 : page.array("value").size());
    }

    /** Every machine, normalized; the result of {@link Inventory#fetch}, empty after a 404. */
    Map<String, Object> fetch(VendorApi api, JobContext job) {
        VendorRequest first = VendorRequest.get(PATH)
                .withQuery("$top", Integer.toString(properties.pageSize()))
                .handling(404);
        return graph.fetch(api, first, normalizer::normalize, properties.pageCap(), job)
                .result();
    }
}
