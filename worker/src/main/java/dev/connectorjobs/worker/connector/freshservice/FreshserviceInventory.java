package dev.connectorjobs.worker.connector.freshservice;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.util.Map;

/**
 * {@code fetch_assets}: {@code GET /api/v2/assets?include=type_fields&per_page=&page=} from page 1
 * until a page is empty or shorter than {@code per_page}, each page normalized and collected before
 * the next is asked for. The {@code link} header Freshservice sends names only {@code page},
 * dropping {@code include} and {@code per_page}, so it is not followed.
 */
final class FreshserviceInventory {

    static final String ASSETS = "/api/v2/assets";

    private final VendorApi api;
    private final AssetNormalizer normalizer;
    private final FreshserviceProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    FreshserviceInventory(
            VendorApi api,
            AssetNormalizer normalizer,
            FreshserviceProperties properties,
            InventoryProperties inventory,
            AssetSink sink) {
        this.api = api;
        this.normalizer = normalizer;
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
    }

    /** The collector's result, plus {@code pages} and {@code page_cap_reached}. */
    Map<String, Object> fetch(JobContext job) {
        int perPage = properties.pageSize();
        VendorRequest first = VendorRequest.get(ASSETS)
                .withQuery("include", "type_fields")
                .withQuery("per_page", Integer.toString(perPage))
                .withQuery("page", "1");
        InventoryCollector collector = InventoryCollector.forJob(FreshserviceConnector.CONNECTOR, job, inventory, sink);
        return Inventory.of(api, "assets", Paging.untilEmpty("page", 1, perPage), normalizer::normalize)
                .pageCap(properties.pageCap())
                .fetch(first, collector, job)
                .result();
    }
}
