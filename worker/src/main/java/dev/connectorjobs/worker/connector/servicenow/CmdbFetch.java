package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fetch_assets}: reads a CMDB table page by page, one page in memory at a time, and hands
 * every CI to the job's {@link InventoryCollector}.
 *
 * <p>Paging follows the {@code Link} header's {@code rel="next"} target, as the instance
 * recommends. Without a {@code Link} header (the instance leaves it out when everything fits one
 * page, and proxies may drop it) it pages by {@code sysparm_offset}: while the offset is below
 * {@code X-Total-Count}, or, without that header, while pages come back full. A page that failed
 * and was retried by the HTTP client (429 with a short {@code Retry-After}, 5xx) is the same page:
 * nothing is skipped or read twice. It stops after {@code page-cap} pages, saying so in the result,
 * at the job's {@code max_assets}, and between pages when the job is cancelled.
 */
final class CmdbFetch {

    private static final Logger log = LoggerFactory.getLogger(CmdbFetch.class);

    private final VendorApi api;
    private final ResponseReader reader;
    private final CiNormalizer normalizer;
    private final ServiceNowProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    CmdbFetch(
            VendorApi api,
            ResponseReader reader,
            CiNormalizer normalizer,
            ServiceNowProperties properties,
            InventoryProperties inventory,
            AssetSink sink) {
        this.api = api;
        this.reader = reader;
        this.normalizer = normalizer;
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
    }

    /** Runs the job; the result is the collector's plus {@code table}, {@code pages} and {@code page_cap_reached}. */
    Map<String, Object> run(JobContext job) {
        FetchRequest request = FetchRequest.parse(job, properties);
        InventoryCollector collector = InventoryCollector.forJob(ServiceNowConnector.NAME, job, inventory, sink);
        long started = System.nanoTime();
        VendorRequest page = request.firstPage();
        int pages = 0;
        boolean capped = false;
        while (page != null) {
            if (pages == properties.pageCap()) {
                capped = true;
                break;
            }
            VendorResponse answer = api.exchange(page, job);
            pages++;
            ResponseReader.Page read =
                    reader.records(answer, (index, record) -> collector.add(normalizer.normalize(index, record)));
            long total = totalCount(answer);
            collector.pageDone(total);
            if (read.stopped()) {
                break;
            }
            page = next(api.resolve(page), answer, read.records(), total, request.limit())
                    .map(next -> VendorRequest.follow(next.toString()))
                    .orElse(null);
        }
        if (capped) {
            log.warn(
                    "connector=servicenow table={} stopped after {} pages (jobs.connectors.servicenow.page-cap);"
                            + " raise it to read more",
                    request.table(),
                    pages);
        }
        log.info(
                "connector=servicenow table={} fetched={} pages={} took_ms={}",
                request.table(),
                collector.count(),
                pages,
                (System.nanoTime() - started) / 1_000_000);
        Map<String, Object> result = collector.result();
        result.put("table", request.table());
        result.put("pages", pages);
        result.put("page_cap_reached", capped);
        return result;
    }

    private Optional<URI> next(URI page, VendorResponse answer, int records, long total, int limit) {
        Optional<String> link = answer.header("Link");
        if (link.isPresent()) {
            Optional<URI> next = LinkHeader.next(link.get(), page);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (api.isSameOrigin(next.get())) {
                return next;
            }
            // Following it would send the credentials to another host.
            log.warn("connector=servicenow the Link header's next page is not on the configured instance;"
                    + " paging by offset instead");
        }
        long offset = ServiceNowUrls.offsetOf(page) + limit;
        boolean more = total >= 0 ? offset < total : records >= limit;
        return more ? Optional.of(ServiceNowUrls.withOffset(page, offset)) : Optional.empty();
    }

    /** {@code X-Total-Count}, or -1 when absent or unreadable. */
    private static long totalCount(VendorResponse answer) {
        return answer.header("X-Total-Count").map(CmdbFetch::parse).orElse(-1L);
    }

    private static @Nullable Long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
