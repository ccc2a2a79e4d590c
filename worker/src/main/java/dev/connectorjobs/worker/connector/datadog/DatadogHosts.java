package dev.connectorjobs.worker.connector.datadog;

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
 * {@code fetch_assets}: {@code GET
 * /api/v1/hosts?start=&count=&include_hosts_metadata=true&include_muted_hosts_data=true} (and {@code
 * filter} when the job gives one) answers {@code {"host_list": [...], "total_matching",
 * "total_returned"}}; {@code start} advances by the hosts of each page until it reaches {@code
 * total_matching}, each page normalized by {@link HostNormalizer} and collected before the next is
 * asked for. Datadog lists the hosts that reported in the last three hours.
 */
final class DatadogHosts {

    static final String PATH = "/api/v1/hosts";

    private final HostNormalizer normalizer;
    private final DatadogProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;

    DatadogHosts(
            HostNormalizer normalizer, DatadogProperties properties, InventoryProperties inventory, AssetSink sink) {
        this.normalizer = normalizer;
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
    }

    Map<String, Object> fetch(VendorApi api, JobContext job) {
        VendorRequest first = VendorRequest.get(PATH)
                .withQuery("start", "0")
                .withQuery("count", Integer.toString(properties.pageSize()))
                .withQuery("include_hosts_metadata", "true")
                .withQuery("include_muted_hosts_data", "true");
        Optional<String> filter = Params.of(job).optionalString("filter");
        if (filter.isPresent()) {
            first = first.withQuery("filter", filter.get());
        }
        InventoryCollector collector = InventoryCollector.forJob(DatadogConnector.CONNECTOR, job, inventory, sink);
        return Inventory.of(api, "host_list", startCount(), normalizer::normalize)
                .total("total_matching")
                .pageCap(properties.pageCap())
                .fetch(first, collector, job)
                .result();
    }

    /** {@code start} advances by the items of each page until it reaches {@code total_matching}. */
    static Paging startCount() {
        return (request, page, items) -> {
            long start = request.queryValue("start").map(Long::parseLong).orElse(0L);
            long total = page.optionalLong("total_matching")
                    .orElseThrow(() -> page.malformed("'total_matching' is missing"));
            long next = start + items;
            return items > 0 && next < total
                    ? Optional.of(request.withQuery("start", Long.toString(next)))
                    : Optional.empty();
        };
    }
}
