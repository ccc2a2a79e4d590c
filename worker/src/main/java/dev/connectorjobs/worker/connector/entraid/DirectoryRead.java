package dev.connectorjobs.worker.connector.entraid;

import static dev.connectorjobs.worker.connector.entraid.EntraIdConnector.CONNECTOR;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.connector.microsoft.GraphInventory;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fetch_users} and {@code fetch_devices}: a full read ({@code GET /users?$select=&$top=}),
 * or with {@code incremental} a delta query ({@code GET /users/delta?$select=}), or with {@code
 * delta_link} the delta since an earlier run. Every {@code @odata.nextLink} is followed as given;
 * the last page of a delta query carries {@code @odata.deltaLink} instead, which the result returns
 * as {@code delta_link} for the next run.
 *
 * <p>A delta read that stops early ({@code max_assets}, the page cap) has not reached the delta link,
 * so its result has none: the next run has to start over with {@code incremental}. A delta link
 * Graph no longer knows fails permanently with {@code DeltaLinkExpired} ({@link ExpiredDeltaLinks}).
 */
final class DirectoryRead {

    private static final Logger log = LoggerFactory.getLogger(DirectoryRead.class);

    private final EntraIdProperties properties;
    private final DirectoryNormalizer normalizer;
    private final GraphInventory graph;

    DirectoryRead(EntraIdProperties properties, DirectoryNormalizer normalizer, GraphInventory graph) {
        this.properties = properties;
        this.normalizer = normalizer;
        this.graph = graph;
    }

    Map<String, Object> fetch(VendorApi api, JobContext job, DirectoryObjects objects) {
        Params params = Params.of(job);
        Optional<String> deltaLink = params.optionalString("delta_link");
        boolean delta = deltaLink.isPresent() || params.bool("incremental", false);
        VendorRequest first = deltaLink
                .map(link -> VendorRequest.follow(DeltaLinks.check(link, properties.baseUrl(), objects)))
                .orElseGet(() -> delta
                        ? VendorRequest.get(objects.deltaPath()).withQuery("$select", objects.select())
                        : VendorRequest.get(objects.path())
                                .withQuery("$select", objects.select())
                                .withQuery("$top", Integer.toString(properties.pageSize())));
        Inventory.Normalizer normalize = objects == DirectoryObjects.USERS ? normalizer::user : normalizer::device;
        Inventory.Fetched fetched = graph.fetch(api, first, normalize, properties.pageCap(), job);
        VendorResponse last = fetched.lastPage();
        Map<String, Object> result = fetched.result();
        result.put("kind", objects.kind());
        result.put("incremental", delta);
        if (delta) {
            Optional<String> next = last == null ? Optional.empty() : last.optionalText("@odata.deltaLink");
            next.ifPresentOrElse(
                    link -> result.put("delta_link", link),
                    () -> log.warn(
                            "connector={} event=delta_incomplete kind={}; the read stopped before the delta link, the next"
                                    + " run has to start over with incremental",
                            CONNECTOR.name(),
                            objects.kind()));
        }
        return result;
    }
}
