package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The per-host outcome of a finished AWX job: {@code GET /api/v2/jobs/{id}/job_host_summaries/}
 * (paged like every AWX list, {@code next} followed), read into {@code {"totals": {ok, changed,
 * failures, dark, skipped, hosts}, "hosts": {"<host>": {ok, changed, failures, dark, skipped}}}}.
 * Past {@value #MAX_HOSTS} hosts only the totals grow and {@code hosts_truncated} says so: a result
 * is stored in the job row and must stay small.
 */
final class HostSummary {

    static final int MAX_HOSTS = 500;
    static final List<String> COUNTS = List.of("ok", "changed", "failures", "dark", "skipped");

    private final VendorApi api;
    private final AnsibleProperties properties;

    HostSummary(VendorApi api, AnsibleProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    Map<String, Object> read(long awxJobId, JobContext job) {
        Map<String, Long> totals = new LinkedHashMap<>();
        COUNTS.forEach(count -> totals.put(count, 0L));
        Map<String, Object> hosts = new LinkedHashMap<>();
        long hostCount = 0;
        boolean truncated = false;
        Optional<VendorRequest> next =
                Optional.of(VendorRequest.get("/api/v2/jobs/" + awxJobId + "/job_host_summaries/")
                        .withQuery("page_size", Integer.toString(properties.pageSize())));
        for (int pages = 0; next.isPresent() && pages < properties.pageCap(); pages++) {
            VendorResponse page = api.send(next.get(), job);
            JsonNode results = page.array("results");
            for (int i = 0; i < results.size(); i++) {
                JsonNode summary = results.get(i);
                Map<String, Long> counts = new LinkedHashMap<>();
                for (String count : COUNTS) {
                    long value = summary.path(count).asLong(0);
                    counts.put(count, value);
                    totals.merge(count, value, Long::sum);
                }
                hostCount++;
                if (hosts.size() < MAX_HOSTS) {
                    hosts.put(hostName(summary, i), counts);
                } else {
                    truncated = true;
                }
            }
            next = page.optionalText("next").map(VendorRequest::follow);
            job.cancellation().throwIfCancelled();
        }
        Map<String, Object> total = new LinkedHashMap<>(totals);
        total.put("hosts", hostCount);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("totals", total);
        summary.put("hosts", hosts);
        if (truncated || next.isPresent()) {
            summary.put("hosts_truncated", true);
        }
        return summary;
    }

    private static String hostName(JsonNode summary, int index) {
        JsonNode name = summary.path("host_name");
        if (name.isString() && !name.stringValue().isBlank()) {
            return name.stringValue();
        }
        JsonNode nested = summary.path("summary_fields").path("host").path("name");
        if (nested.isString() && !nested.stringValue().isBlank()) {
            return nested.stringValue();
        }
        return "host " + summary.path("host").asString("#" + index);
    }
}
