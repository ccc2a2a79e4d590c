package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the results of a finished search job, page by page: {@code GET
 * /services/search/jobs/{sid}/results?output_mode=json&count=&offset=} answers {@code {"preview":
 * false, "init_offset", "messages", "fields": [{"name"}], "results": [{field: value}]}}, a value being
 * a string or, for a multivalue field, an array of strings. Reading stops at the job's {@code
 * max_results}, at a page shorter than asked for, or at the job's {@code resultCount}; only the
 * results returned are held in memory.
 */
final class SearchResults {

    /** Results returned when the job does not say {@code max_results}. */
    static final int DEFAULT_MAX_RESULTS = 100;

    private final VendorApi api;
    private final ObjectMapper mapper;
    private final int pageSize;

    SearchResults(VendorApi api, ObjectMapper mapper, int pageSize) {
        this.api = api;
        this.mapper = mapper;
        this.pageSize = pageSize;
    }

    /**
     * {@code {"result_count", "returned", "truncated", "fields", "results"}} of job {@code sid}, whose
     * final status is {@code status}: at most {@code maxResults} results; {@code truncated} when the job
     * has more.
     */
    Map<String, Object> read(String sid, SearchJobStatus status, int maxResults, JobContext job) {
        List<Object> results = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        long total = status.resultCount();
        boolean more = true;
        while (more && results.size() < maxResults) {
            int count = Math.min(pageSize, maxResults - results.size());
            VendorResponse page = api.send(
                    VendorRequest.get(SearchJobWatch.jobPath(sid) + "/results")
                            .withQuery("output_mode", "json")
                            .withQuery("count", Integer.toString(count))
                            .withQuery("offset", Integer.toString(results.size()))
                            .handling(204, 404),
                    job);
            if (page.status() == 404) {
                throw SearchJobWatch.gone(sid);
            }
            if (page.status() == 204) {
                break; // Splunk has no results to give for this job
            }
            JsonNode rows = page.array("results");
            if (fields.isEmpty()) {
                page.at("fields")
                        .values()
                        .forEach(field -> fields.add(field.path("name").asString("")));
            }
            for (JsonNode row : rows) {
                results.add(mapper.convertValue(row, Object.class));
            }
            more = rows.size() == count && (total == 0 || results.size() < total);
            job.progress(
                    results.size(),
                    Math.max(total, results.size()),
                    "read " + results.size() + " results of Splunk search " + sid);
            job.cancellation().throwIfCancelled();
        }
        long returned = results.size();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("result_count", Math.max(total, returned));
        result.put("returned", returned);
        result.put("truncated", total > returned || (total == 0 && more && returned == maxResults));
        result.put("fields", fields.stream().filter(name -> !name.isEmpty()).toList());
        result.put("results", results);
        return result;
    }
}
