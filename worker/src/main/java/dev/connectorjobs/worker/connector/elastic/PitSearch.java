package dev.connectorjobs.worker.connector.elastic;

import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code search}: the hits of a query-DSL query, read through a point in time page by page with
 * {@code search_after}, so that the pages are one consistent view and no page is ever asked for with
 * {@code from}/{@code size} (which Elasticsearch refuses past 10,000 hits).
 *
 * <p>Steps: open a point in time on the index ({@link PointInTime}); register its close as the job's
 * remote cancel, so a revoke or the time limit closes it; {@code POST /_search} with {@code pit},
 * {@code sort} (the job's clauses, then {@code _shard_doc} as the tiebreaker that makes the order
 * total) and, from the second page, the last hit's {@code sort} values as {@code search_after}; stop
 * when a page comes back short or {@code max_results} or {@code max-result-bytes} is reached; close
 * the point in time. A search that fails closes it too; one that is cancelled leaves that to the
 * remote cancel, and one interrupted otherwise (worker shutdown) lets it expire after {@code
 * pit-keep-alive}.
 *
 * <p>A read changes nothing, so each page carries an idempotency key and the HTTP client retries a
 * throttled or failed page in place. A point in time that expired between two pages fails the
 * attempt as retryable {@code PointInTimeExpired}; the next attempt searches afresh.
 */
final class PitSearch {

    static final String SEARCH = "/_search";

    private static final String TIEBREAKER = "_shard_doc";

    private static final Logger log = LoggerFactory.getLogger(PitSearch.class);

    private final VendorApi api;
    private final ObjectMapper mapper;
    private final ElasticProperties properties;

    PitSearch(VendorApi api, ObjectMapper mapper, ElasticProperties properties) {
        this.api = api;
        this.mapper = mapper;
        this.properties = properties;
    }

    Map<String, Object> run(JobContext job) {
        String target = IndexNames.searchTarget(job);
        Map<?, ?> query = query(job);
        List<Object> sort = sort(job);
        long maxResults = Params.of(job).integer("max_results", SiemConnectors.DEFAULT_SEARCH_RESULTS);
        if (maxResults < 1 || maxResults > SiemConnectors.MAX_SEARCH_RESULTS) {
            throw ConnectorErrors.invalidParams(
                    job.connector(), "max_results must be between 1 and " + SiemConnectors.MAX_SEARCH_RESULTS);
        }
        String keepAlive = properties.keepAlive();
        PointInTime pit = PointInTime.open(api, mapper, target, keepAlive, job);
        job.onRemoteCancel(PointInTime.CLOSE + " (the search's point in time)", pit::close);
        SearchHits hits = new SearchHits(mapper, maxResults, properties.maxResultBytes());
        try {
            read(pit, keepAlive, query, sort, hits, job);
        } catch (RuntimeException e) {
            if (!job.cancellation().isCancelled()) {
                pit.closeQuietly(job);
            }
            throw e;
        }
        pit.closeQuietly(job);
        Map<String, Object> result = hits.result(Params.of(job).string("index"));
        log.info(
                "connector=elastic operation=search hits={} pages={} truncated={}",
                hits.count(),
                result.get("pages"),
                result.get("truncated"));
        return result;
    }

    private void read(
            PointInTime pit, String keepAlive, Map<?, ?> query, List<Object> sort, SearchHits hits, JobContext job) {
        @Nullable JsonNode searchAfter = null;
        for (int page = 1; ; page++) {
            long size = Math.min(properties.pageSize(), hits.wanted());
            VendorResponse answer = api.send(request(pit, keepAlive, query, sort, size, searchAfter, job, page), job);
            answer.optionalText("pit_id").ifPresent(pit::update);
            JsonNode pageHits = answer.array("/hits/hits");
            if (page == 1) {
                hits.total(answer.at("/hits/total"));
            }
            hits.page(
                    answer.at("/_shards/failed").asInt(0),
                    answer.at("/timed_out").asBoolean(false));
            for (JsonNode hit : pageHits) {
                if (!hit.isObject()) {
                    throw answer.malformed("an item of 'hits.hits' is not an object");
                }
                searchAfter = hit.path("sort");
                if (!hits.add((ObjectNode) hit)) {
                    break;
                }
            }
            job.progress(hits.count(), hits.expected(), "read " + hits.count() + " hits from elastic");
            job.cancellation().throwIfCancelled();
            if (hits.full() || pageHits.size() < size) {
                return;
            }
            if (searchAfter == null || !searchAfter.isArray() || searchAfter.isEmpty()) {
                throw answer.malformed("the last hit of a page has no 'sort' values to continue after");
            }
        }
    }

    private VendorRequest request(
            PointInTime pit,
            String keepAlive,
            Map<?, ?> query,
            List<Object> sort,
            long size,
            @Nullable JsonNode searchAfter,
            JobContext job,
            int page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", size);
        body.put("query", query);
        body.put("pit", Map.of("id", pit.id(), "keep_alive", keepAlive));
        body.put("sort", sort);
        if (searchAfter != null) {
            body.put("search_after", searchAfter);
            body.put("track_total_hits", false);
        }
        return VendorRequest.post(SEARCH, body)
                .withIdempotencyKey("search-" + job.jobId() + "-" + job.attempt() + "-" + page);
    }

    private static Map<?, ?> query(JobContext job) {
        if (job.params().get("query") instanceof Map<?, ?> query) {
            return query;
        }
        throw ConnectorErrors.invalidParams(
                job.connector(), "query is required and must be a JSON object in the query DSL");
    }

    /** The job's sort clauses, then {@code _shard_doc} unless the job named it. */
    private static List<Object> sort(JobContext job) {
        Object value = job.params().get("sort");
        List<Object> sort = new ArrayList<>();
        boolean tiebreaker = false;
        if (value instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof String field) {
                    tiebreaker |= field.equals(TIEBREAKER);
                } else if (clause instanceof Map<?, ?> fields) {
                    tiebreaker |= fields.containsKey(TIEBREAKER);
                } else {
                    throw invalidSort(job);
                }
                sort.add(clause);
            }
        } else if (value != null) {
            throw invalidSort(job);
        }
        if (!tiebreaker) {
            sort.add(Map.of(TIEBREAKER, "asc"));
        }
        return List.copyOf(sort);
    }

    private static RuntimeException invalidSort(JobContext job) {
        return ConnectorErrors.invalidParams(
                job.connector(),
                "sort must be a list of sort clauses: field names or objects, e.g. [{\"@timestamp\": \"desc\"}]");
    }
}
