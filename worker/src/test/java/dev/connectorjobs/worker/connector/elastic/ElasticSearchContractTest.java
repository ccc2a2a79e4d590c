package dev.connectorjobs.worker.connector.elastic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.elastic.FakeElasticsearch.eventId;
import static dev.connectorjobs.worker.connector.elastic.FakeElasticsearch.shardDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code search} against a fake Elasticsearch: a point in time paged with {@code search_after}, the
 * {@code _shard_doc} tiebreaker, bounded results, and the point in time closed at the end, on failure
 * and by the remote cancel of a revoked job; an expired point in time is retryable.
 */
class ElasticSearchContractTest extends ElasticContractBase {

    static final String INDEX = "logs-auth";
    static final Map<String, Object> QUERY =
            Map.of("bool", Map.of("filter", List.of(Map.of("term", Map.of("event.action", "logon-failed")))));

    static FakeJobContext search(Object... params) {
        FakeJobContext job = job("search").param("index", INDEX).param("query", QUERY);
        for (int i = 0; i + 1 < params.length; i += 2) {
            job.param((String) params[i], params[i + 1]);
        }
        return job;
    }

    @SuppressWarnings("unchecked")
    static List<JsonNode> hits(Map<String, Object> result) {
        return (List<JsonNode>) result.get("hits");
    }

    static List<String> ids(Map<String, Object> result) {
        return hits(result).stream().map(hit -> hit.path("_id").asString()).toList();
    }

    static List<String> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(FakeElasticsearch::eventId).toList();
    }

    @Test
    void search_pages_through_a_point_in_time_with_search_after_and_closes_it_at_the_end() {
        cluster.index(INDEX, 10);

        Map<String, Object> result = run(connector(), search());

        assertThat(ids(result)).containsExactlyElementsOf(events(0, 10));
        assertThat(hits(result)).allSatisfy(hit -> {
            assertThat(hit.has("sort"))
                    .as("the paging's sort values are left out")
                    .isFalse();
            assertThat(hit.has("_score")).as("a null score is left out").isFalse();
            assertThat(hit.path("_source").path("host").path("name").asString()).startsWith("web-");
        });
        assertThat(result)
                .containsEntry("index", INDEX)
                .containsEntry("total", 10L)
                .containsEntry("total_relation", "eq")
                .containsEntry("count", 10)
                .containsEntry("truncated", false)
                .containsEntry("pages", 3)
                .containsEntry("partial", false);
        assertThat(cluster.keepAlives()).containsExactly("1m");
        List<JsonNode> searches = cluster.searches();
        assertThat(searches).hasSize(3);
        JsonNode first = searches.get(0);
        assertThat(first.path("size").asInt()).isEqualTo(4);
        assertThat(first.has("from")).isFalse();
        assertThat(first.has("search_after")).isFalse();
        assertThat(first.path("pit").path("keep_alive").asString()).isEqualTo("1m");
        assertThat(first.path("sort").toString()).isEqualTo("[{\"_shard_doc\":\"asc\"}]");
        assertThat(first.path("query").toString())
                .isEqualTo("{\"bool\":{\"filter\":[{\"term\":{\"event.action\":\"logon-failed\"}}]}}");
        JsonNode second = searches.get(1);
        assertThat(second.path("search_after").get(0).asLong()).isEqualTo(shardDoc(3));
        assertThat(second.path("track_total_hits").asBoolean(true)).isFalse();
        assertThat(second.path("pit").path("id").asString())
                .as("the pit_id the first page answered with")
                .endsWith(".1==");
        assertThat(searches.get(2).path("search_after").get(0).asLong()).isEqualTo(shardDoc(7));
        assertThat(cluster.closed())
                .singleElement()
                .satisfies(id -> assertThat(id).endsWith(".3=="));
        assertThat(cluster.openPits()).isZero();
        service.verify(0, postRequestedFor(urlPathMatching("/" + INDEX + "/_search")));
    }

    @Test
    void the_jobs_sort_comes_first_and_shard_doc_is_added_as_the_tiebreaker() {
        cluster.index(INDEX, 6);

        Map<String, Object> result =
                run(connector(), search("sort", List.of(Map.of("@timestamp", Map.of("order", "desc")))));

        assertThat(ids(result)).containsExactlyElementsOf(events(0, 6));
        JsonNode second = cluster.searches().get(1);
        assertThat(second.path("sort").toString())
                .isEqualTo("[{\"@timestamp\":{\"order\":\"desc\"}},{\"_shard_doc\":\"asc\"}]");
        assertThat(second.path("search_after")).hasSize(2);
        assertThat(second.path("search_after").get(1).asLong()).isEqualTo(shardDoc(3));
    }

    @Test
    void a_sort_that_names_the_tiebreaker_itself_gets_no_second_one() {
        cluster.index(INDEX, 2);

        run(connector(), search("sort", List.of("_shard_doc")));

        assertThat(cluster.searches().getFirst().path("sort").toString()).isEqualTo("[\"_shard_doc\"]");
    }

    @Test
    void max_results_stops_the_read_and_the_result_says_it_is_truncated() {
        cluster.index(INDEX, 10);

        Map<String, Object> result = run(connector(), search("max_results", 6));

        assertThat(ids(result)).containsExactlyElementsOf(events(0, 6));
        assertThat(result)
                .containsEntry("count", 6)
                .containsEntry("total", 10L)
                .containsEntry("truncated", true)
                .containsEntry("truncated_by", "max_results")
                .containsEntry("pages", 2);
        assertThat(cluster.searches())
                .extracting(body -> body.path("size").asInt())
                .containsExactly(4, 2);
        assertThat(cluster.openPits()).isZero();
    }

    @Test
    void exactly_max_results_matching_hits_are_not_truncated() {
        cluster.index(INDEX, 8);

        Map<String, Object> result = run(connector(), search("max_results", 8));

        assertThat(result).containsEntry("count", 8).containsEntry("truncated", false);
    }

    @Test
    void ten_thousand_hits_of_a_larger_index_are_read_with_search_after_never_with_from() {
        cluster.index(INDEX, 12_000);

        Map<String, Object> result =
                run(connector("page-size", "3000", "max-result-bytes", "20000000"), search("max_results", 10_000));

        assertThat(result)
                .containsEntry("count", 10_000)
                .containsEntry("total", 10_000L)
                .containsEntry("total_relation", "gte")
                .containsEntry("truncated", true)
                .containsEntry("pages", 4);
        assertThat(ids(result).getLast()).isEqualTo(eventId(9_999));
        assertThat(cluster.searches())
                .allSatisfy(body -> assertThat(body.has("from")).isFalse());
        assertThat(cluster.searches())
                .extracting(body -> body.path("size").asInt())
                .containsExactly(3000, 3000, 3000, 1000);
    }

    @Test
    void hits_beyond_max_result_bytes_are_not_kept_so_the_result_stays_storable() {
        cluster.index(INDEX, 10);

        Map<String, Object> result = run(connector("max-result-bytes", "1024"), search());

        assertThat((int) result.get("count")).isBetween(1, 9);
        assertThat(result).containsEntry("truncated", true).containsEntry("truncated_by", "max-result-bytes");
        assertThat(cluster.openPits()).isZero();
    }

    @Test
    void a_throttled_page_is_sent_again_and_the_search_goes_on_where_it_was() {
        cluster.index(INDEX, 10);
        service.stubFor(post(urlPathEqualTo("/_search"))
                .atPriority(1)
                .inScenario("throttle")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("served")
                .willReturn(FakeElasticsearch.answer(
                        429,
                        "es_rejected_execution_exception",
                        "rejected execution of TimedRunnable on TaskExecutionTimeTrackingEsThreadPoolExecutor"
                                + "[name = node-1/search, queue capacity = 1000]")));

        Map<String, Object> result = run(connector(), search());

        assertThat(ids(result)).containsExactlyElementsOf(events(0, 10));
        service.verify(4, postRequestedFor(urlPathEqualTo("/_search")));
    }

    @Test
    void an_expired_point_in_time_fails_the_attempt_as_retryable_and_the_next_attempt_searches_afresh() {
        cluster.index(INDEX, 10).expireAfterPages(1);
        ElasticConnector connector = connector();
        FakeJobContext job = search();

        ConnectorException failure = failure(connector, job);

        assertThat(failure.errorType()).isEqualTo("PointInTimeExpired");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage())
                .contains("elastic: POST /_search answered 404")
                .contains("search_context_missing_exception: No search context found")
                .contains("keep_alive 1m")
                .contains("jobs.connectors.elastic.pit-keep-alive");
        assertThat(cluster.closed())
                .as("the close is still sent; a 404 there is no failure")
                .hasSize(1);

        cluster.expireAfterPages(Integer.MAX_VALUE);
        Map<String, Object> result = run(connector, job.nextAttempt());

        assertThat(ids(result)).containsExactlyElementsOf(events(0, 10));
        assertThat(cluster.keepAlives()).hasSize(2);
    }

    @Test
    void a_query_the_cluster_cannot_parse_fails_permanently_and_the_point_in_time_is_closed() {
        cluster.index(INDEX, 10);
        service.stubFor(post(urlPathEqualTo("/_search"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"root_cause\":[{\"type\":\"parsing_exception\",\"reason\":"
                                + "\"[match] query malformed, no start_object after query name\",\"line\":1,"
                                + "\"col\":34}],\"type\":\"parsing_exception\",\"reason\":\"[match] query malformed,"
                                + " no start_object after query name\",\"line\":1,\"col\":34},\"status\":400}")));

        ConnectorException failure = failure(connector(), search());

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("parsing_exception: [match] query malformed");
        assertThat(cluster.closed()).hasSize(1);
        assertThat(cluster.openPits()).isZero();
    }

    @Test
    void a_revoked_search_leaves_the_close_to_its_remote_cancel_which_closes_the_latest_point_in_time()
            throws Exception {
        cluster.index(INDEX, 10);
        FakeJobContext job = search();
        job.onProgress(count -> job.cancellation().cancel("revoked"));

        JobCancelledException cancelled = catchThrowableOfType(
                JobCancelledException.class, () -> connector().execute(job));

        assertThat(cancelled).isNotNull();
        assertThat(cluster.searches()).hasSize(1);
        assertThat(cluster.closed()).isEmpty();
        assertThat(cluster.openPits()).isOne();
        assertThat(job.remoteCancelDescription()).startsWith("DELETE /_pit");

        assertThat(job.runRemoteCancel()).isTrue();

        assertThat(cluster.closed())
                .singleElement()
                .satisfies(id -> assertThat(id).endsWith(".1=="));
        assertThat(cluster.openPits()).isZero();
    }

    @Test
    void a_missing_index_fails_permanently_as_not_found_quoting_elasticsearch() {
        ConnectorException failure = failure(connector(), search());

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("elastic: POST /" + INDEX + "/_pit answered 404")
                .contains("index_not_found_exception: no such index [" + INDEX + "]");
    }

    @Test
    void an_index_that_would_change_the_url_and_a_sort_that_is_no_list_of_clauses_are_refused_before_any_request() {
        ConnectorException traversal = failure(connector(), search("index", "logs/../_security"));
        ConnectorException dots = failure(connector(), search("index", "logs-*,.."));
        ConnectorException sort = failure(connector(), search("sort", List.of(42)));

        assertThat(traversal.errorType()).isEqualTo("InvalidRequest");
        assertThat(traversal.getMessage()).contains("index must not contain");
        assertThat(dots.getMessage()).contains("'.' or '..'");
        assertThat(sort.getMessage()).contains("sort must be a list of sort clauses");
        service.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_pattern_and_a_list_of_indices_reach_the_path_as_elasticsearch_reads_them() {
        cluster.index("logs-*,-logs-debug", 3);

        Map<String, Object> result = run(connector(), search("index", "logs-*,-logs-debug"));

        assertThat(result).containsEntry("count", 3);
        service.verify(postRequestedFor(urlPathEqualTo("/logs-*,-logs-debug/_pit")));
    }

    @Test
    void progress_is_reported_after_every_page() {
        cluster.index(INDEX, 10);
        FakeJobContext job = search();

        run(connector(), job);

        assertThat(job.progressReports()).containsExactly(4L, 8L, 10L);
    }
}
