package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code fetch_assets}: the objects an AQL query matches, page by page ({@code startAt} advanced by
 * the objects each page returned, until {@link AqlPage#endsPaging}), each normalized and handed to
 * an {@link InventoryCollector}, so memory holds one page at a time however large the inventory.
 *
 * <p>The AQL search is a POST that changes nothing, so it carries an idempotency key: the HTTP
 * client then retries a throttled or failed page in place (honouring {@code Retry-After} up to its
 * cap), and paging resumes at the same {@code startAt} with no object lost or counted twice. A
 * longer wait fails the attempt as retryable {@code Throttled}; the next attempt starts over with a
 * fresh result (published assets are keyed, so a compacted topic keeps one copy).
 */
final class AssetsInventory {

    static final String DEFAULT_AQL = "objectType = \"Computer\"";

    private static final Logger log = LoggerFactory.getLogger(AssetsInventory.class);

    private final JiraApi api;
    private final AssetsWorkspace workspace;
    private final JiraProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    AssetsInventory(
            JiraApi api,
            AssetsWorkspace workspace,
            JiraProperties properties,
            InventoryProperties inventory,
            AssetSink sink) {
        this.api = api;
        this.workspace = workspace;
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
    }

    /** Runs one {@code fetch_assets} job; the result is the collector's, plus {@code page_cap_reached}. */
    Map<String, Object> fetch(JobContext job) {
        String aql = Params.of(job).optionalString("aql").orElse(DEFAULT_AQL);
        String workspaceId = workspace.id(job);
        InventoryCollector collector = InventoryCollector.forJob(AssetNormalizer.SOURCE, job, inventory, sink);
        long startAt = 0;
        int pages = 0;
        boolean capped = false;
        while (true) {
            String where = "the AQL page at startAt=" + startAt;
            AqlPage page = AqlPage.parse(page(workspaceId, aql, startAt, where, job), where);
            pages++;
            boolean wanted = true;
            for (JsonNode object : page.values()) {
                wanted = collector.add(AssetNormalizer.normalize(object, page.attributeNames(), where));
                if (!wanted) {
                    break;
                }
            }
            collector.pageDone(page.total().orElse(0));
            if (!wanted || page.endsPaging(startAt)) {
                break;
            }
            if (pages >= properties.pageCap()) {
                capped = true;
                break;
            }
            startAt += page.values().size();
        }
        log.info(
                "connector=jira operation=fetch_assets assets={} pages={} page_cap_reached={}",
                collector.count(),
                pages,
                capped);
        Map<String, Object> result = new LinkedHashMap<>(collector.result());
        result.put("page_cap_reached", capped);
        return result;
    }

    private JsonNode page(String workspaceId, String aql, long startAt, String where, JobContext job) {
        VendorRequest request = VendorRequest.post(
                        "/jsm/assets/workspace/" + workspaceId + "/v1/object/aql", Map.of("qlQuery", aql))
                .withQuery("startAt", Long.toString(startAt))
                .withQuery("maxResults", Integer.toString(properties.pageSize()))
                .withQuery("includeAttributes", "true")
                .withIdempotencyKey("aql-" + job.jobId() + "-" + startAt);
        return api.assets(request, where, job);
    }
}
