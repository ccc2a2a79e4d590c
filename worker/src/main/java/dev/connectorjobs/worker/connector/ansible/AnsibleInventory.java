package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fetch_assets}: {@code GET /api/v2/hosts/?page_size=&order_by=id} (or {@code
 * /api/v2/inventories/{id}/hosts/} with the {@code inventory} param), following {@code next} (AWX
 * gives it relative, {@code /api/v2/hosts/?page=2&page_size=...}, behind some proxies absolute) until
 * it is null, each page normalized and collected before the next is asked for. Ordered by id so a
 * host added during the read does not shift the pages.
 */
final class AnsibleInventory {

    static final String HOSTS = "/api/v2/hosts/";

    private final HostNormalizer normalizer;
    private final AnsibleProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    AnsibleInventory(
            HostNormalizer normalizer, AnsibleProperties properties, InventoryProperties inventory, AssetSink sink) {
        this.normalizer = normalizer;
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
    }

    Map<String, Object> fetch(VendorApi api, JobContext job) {
        Optional<Long> inventoryId = Params.of(job).optionalInteger("inventory");
        String path =
                inventoryId.map(id -> "/api/v2/inventories/" + id + "/hosts/").orElse(HOSTS);
        VendorRequest first = VendorRequest.get(path)
                .withQuery("page_size", Integer.toString(properties.pageSize()))
                .withQuery("order_by", "id");
        InventoryCollector collector = InventoryCollector.forJob(AnsibleConnector.CONNECTOR, job, inventory, sink);
        return Inventory.of(api, "results", Paging.nextLink("next"), normalizer::normalize)
                .total("count")
                .pageCap(properties.pageCap())
                .fetch(first, collector, job)
                .result();
    }
}
