package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Microsoft Graph or Defender API list into a job's inventory: the items of {@code value},
 * page after page by {@code @odata.nextLink} ({@link MicrosoftApi#NEXT_LINK}), one page in memory
 * at a time, up to the connector's page cap. Also words the {@code test_connection} result the
 * Microsoft connectors share.
 */
public final class GraphInventory {

    private final ConnectorDescriptor connector;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    public GraphInventory(ConnectorDescriptor connector, InventoryProperties inventory, AssetSink sink) {
        this.connector = connector;
        this.inventory = inventory;
        this.sink = sink;
    }

    /** Every item of the list {@code first} asks for, normalized; see {@link Inventory#fetch}. */
    public Inventory.Fetched fetch(
            VendorApi api, VendorRequest first, Inventory.Normalizer normalizer, int pageCap, JobContext job) {
        return Inventory.of(api, "value", MicrosoftApi.NEXT_LINK, normalizer)
                .pageCap(pageCap)
                .fetch(first, InventoryCollector.forJob(connector.name(), job, inventory, sink), job);
    }

    /**
     * The result of a {@code test_connection} that got a token and read a page: {@code ok}, the
     * {@code auth} scheme and how many items the page had, under {@code seenKey}.
     */
    public static Map<String, Object> connected(VendorApi api, String seenKey, int seen) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("auth", api.auth().scheme());
        result.put(seenKey, seen);
        return result;
    }
}
