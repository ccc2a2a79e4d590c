package dev.connectorjobs.worker.connector.elastic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code bulk_index} against a fake Elasticsearch: NDJSON with the trailing newline, per-document
 * outcomes inside a 200, only the documents rejected with 429 sent again, chunks by count and bytes,
 * ids that make a retried job replace instead of duplicate, and whole-request failures.
 */
class ElasticBulkIndexContractTest extends ElasticContractBase {

    static final String INDEX = "siem-events";

    static Map<String, Object> event(String id, int i) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (id != null) {
            event.put("_id", id);
        }
        event.put("@timestamp", "2026-12-01T10:15:" + (10 + i % 50) + "Z");
        event.put("event", Map.of("action", "logon-failed", "outcome", "failure"));
        event.put("host", Map.of("name", "web-" + i));
        event.put("count", i);
        return event;
    }

    static List<Map<String, Object>> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> event("d-" + i, i)).toList();
    }

    static FakeJobContext bulk(List<?> documents, Object... params) {
        FakeJobContext job = job("bulk_index").param("index", INDEX).param("documents", documents);
        for (int i = 0; i + 1 < params.length; i += 2) {
            job.param((String) params[i], params[i + 1]);
        }
        return job;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> failures(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("failures");
    }

    static List<LoggedRequest> bulkRequests() {
        return service.findAll(postRequestedFor(urlPathEqualTo("/_bulk")));
    }

    @Test
    void documents_are_sent_as_ndjson_ending_with_a_newline_each_with_an_id_that_is_not_in_its_source() {
        Map<String, Object> own = new LinkedHashMap<>(Map.of("_id", "u-1"));
        own.put("message", "first");
        FakeJobContext job = bulk(List.of(own, Map.of("message", "second")));

        Map<String, Object> result = run(connector(), job);

        String generated = job.jobId() + "-1";
        service.verify(postRequestedFor(urlPathEqualTo("/_bulk"))
                .withHeader("Content-Type", equalTo("application/x-ndjson"))
                .withHeader("Authorization", equalTo("ApiKey " + API_KEY))
                .withRequestBody(equalTo("{\"index\":{\"_index\":\"" + INDEX + "\",\"_id\":\"u-1\"}}\n"
                        + "{\"message\":\"first\"}\n"
                        + "{\"index\":{\"_index\":\"" + INDEX + "\",\"_id\":\"" + generated + "\"}}\n"
                        + "{\"message\":\"second\"}\n")));
        assertThat(result)
                .containsEntry("index", INDEX)
                .containsEntry("op_type", "index")
                .containsEntry("documents", 2)
                .containsEntry("indexed", 2L)
                .containsEntry("failed", 0L)
                .containsEntry("chunks", 1)
                .containsEntry("resent", 0L);
        assertThat(failures(result)).isEmpty();
        assertThat(cluster.document(INDEX, "u-1").toString()).isEqualTo("{\"message\":\"first\"}");
        assertThat(cluster.document(INDEX, generated)).isNotNull();
    }

    @Test
    void failed_documents_inside_a_200_are_reported_one_by_one_and_the_others_are_indexed() {
        List<Map<String, Object>> documents = new ArrayList<>(events(5));
        Map<String, Object> bad = new LinkedHashMap<>(documents.get(3));
        bad.put("count", "many");
        documents.set(3, bad);

        Map<String, Object> result = run(connector(), bulk(documents));

        assertThat(result)
                .containsEntry("indexed", 4L)
                .containsEntry("failed", 1L)
                .containsEntry("failures_truncated", false);
        assertThat(failures(result)).singleElement().satisfies(failure -> {
            assertThat(failure)
                    .containsEntry("position", 3)
                    .containsEntry("_id", "d-3")
                    .containsEntry("status", 400)
                    .containsEntry("type", "document_parsing_exception");
            assertThat((String) failure.get("reason"))
                    .contains("failed to parse field [count] of type [long]")
                    .contains("caused by illegal_argument_exception: For input string: \"many\"");
        });
        assertThat(cluster.count(INDEX)).isEqualTo(4);
    }

    @Test
    void only_the_documents_rejected_with_429_are_sent_again_until_they_are_indexed() {
        cluster.reject("d-2", 2).reject("d-4", 1);

        Map<String, Object> result = run(connector(), bulk(events(6)));

        assertThat(cluster.bulkRequests())
                .containsExactly(
                        List.of("d-0", "d-1", "d-2", "d-3", "d-4", "d-5"), List.of("d-2", "d-4"), List.of("d-2"));
        assertThat(result)
                .containsEntry("indexed", 6L)
                .containsEntry("failed", 0L)
                .containsEntry("resent", 3L)
                .containsEntry("chunks", 1);
        assertThat(cluster.count(INDEX)).isEqualTo(6);
    }

    @Test
    void documents_still_rejected_when_the_retries_are_spent_are_reported_as_failed_with_429() {
        cluster.reject("d-1", 100);

        Map<String, Object> result = run(connector("bulk-item-retries", "2"), bulk(events(3)));

        assertThat(cluster.bulkRequests()).hasSize(3);
        assertThat(result)
                .containsEntry("indexed", 2L)
                .containsEntry("failed", 1L)
                .containsEntry("resent", 2L);
        assertThat(failures(result))
                .singleElement()
                .satisfies(failure -> assertThat(failure)
                        .containsEntry("position", 1)
                        .containsEntry("_id", "d-1")
                        .containsEntry("status", 429)
                        .containsEntry("type", "es_rejected_execution_exception"));
    }

    @Test
    void a_large_input_is_split_into_chunks_by_documents_and_by_bytes() {
        Map<String, Object> byCount = run(connector("bulk-max-documents", "4"), bulk(events(10)));

        assertThat(byCount).containsEntry("chunks", 3).containsEntry("indexed", 10L);
        assertThat(cluster.bulkRequests()).extracting(List::size).containsExactly(4, 4, 2);

        service.resetRequests();
        Map<String, Object> byBytes = run(connector("bulk-max-bytes", "1024"), bulk(events(10)));

        assertThat(byBytes).containsEntry("indexed", 10L);
        assertThat((int) byBytes.get("chunks")).isGreaterThan(1);
        assertThat(bulkRequests())
                .allSatisfy(request -> assertThat(request.getBody().length).isLessThanOrEqualTo(1024));
        assertThat(bulkRequests())
                .allSatisfy(request -> assertThat(request.getBodyAsString()).endsWith("}\n"));
    }

    @Test
    void a_retried_job_replaces_what_an_earlier_attempt_wrote_instead_of_adding_copies() {
        List<Map<String, Object>> withoutIds =
                IntStream.range(0, 5).mapToObj(i -> event(null, i)).toList();
        FakeJobContext job = bulk(withoutIds);
        ElasticConnector connector = connector();

        run(connector, job);
        Map<String, Object> again = run(connector, job.nextAttempt());

        assertThat(again).containsEntry("indexed", 5L).containsEntry("failed", 0L);
        assertThat(cluster.count(INDEX)).isEqualTo(5);
        assertThat(cluster.bulkRequests().get(1))
                .isEqualTo(cluster.bulkRequests().get(0));
    }

    @Test
    void with_create_a_document_of_this_job_found_existing_is_already_indexed_but_another_is_a_conflict() {
        String stream = "logs-auth-default";
        cluster.dataStream(stream).store(stream, "own-7", "{\"message\":\"written by someone else\"}");
        List<Map<String, Object>> documents = List.of(event(null, 0), event(null, 1), event("own-7", 7));
        FakeJobContext job = bulk(documents, "index", stream, "op_type", "create");
        ElasticConnector connector = connector();

        Map<String, Object> first = run(connector, job);
        Map<String, Object> again = run(connector, job.nextAttempt());

        assertThat(first)
                .containsEntry("op_type", "create")
                .containsEntry("indexed", 2L)
                .containsEntry("failed", 1L);
        assertThat(again)
                .containsEntry("indexed", 0L)
                .containsEntry("already_indexed", 2L)
                .containsEntry("failed", 1L);
        assertThat(failures(again))
                .singleElement()
                .satisfies(failure -> assertThat(failure)
                        .containsEntry("position", 2)
                        .containsEntry("_id", "own-7")
                        .containsEntry("status", 409)
                        .containsEntry("type", "version_conflict_engine_exception"));
        service.verify(postRequestedFor(urlPathEqualTo("/_bulk"))
                .withRequestBody(containing("{\"create\":{\"_index\":\"" + stream + "\"")));
    }

    @Test
    void a_data_stream_refuses_op_type_index_for_each_document_and_the_job_still_reports_them() {
        cluster.dataStream("logs-auth-default");

        Map<String, Object> result = run(connector(), bulk(events(2), "index", "logs-auth-default"));

        assertThat(result).containsEntry("indexed", 0L).containsEntry("failed", 2L);
        assertThat(failures(result))
                .allSatisfy(failure -> assertThat((String) failure.get("reason"))
                        .contains("only write ops with an op_type of create are allowed in data streams"));
    }

    @Test
    void a_whole_request_refused_with_503_is_retried_by_the_http_client_then_fails_the_attempt_as_retryable() {
        service.stubFor(post(urlPathEqualTo("/_bulk"))
                .atPriority(1)
                .willReturn(FakeElasticsearch.answer(
                        503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master];")));

        ConnectorException failure = failure(connector(), bulk(events(3)));

        assertThat(failure.errorType()).isEqualTo("HttpServerError");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage())
                .contains("cluster_block_exception: blocked by: [SERVICE_UNAVAILABLE/2/no master]");
        assertThat(bulkRequests())
                .as("sent again in place: it carries an idempotency key")
                .hasSizeGreaterThan(1);
    }

    @Test
    void a_whole_request_refused_with_429_that_passes_once_is_indexed_in_the_same_attempt() {
        service.stubFor(post(urlPathEqualTo("/_bulk"))
                .atPriority(1)
                .inScenario("pressure")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("relieved")
                .willReturn(FakeElasticsearch.answer(
                        429,
                        "circuit_breaking_exception",
                        "[parent] Data too large, data for [<http_request>] would be [1020458240/973.1mb]")));

        Map<String, Object> result = run(connector(), bulk(events(3)));

        assertThat(result).containsEntry("indexed", 3L);
        assertThat(bulkRequests()).hasSize(2);
    }

    @Test
    void a_request_larger_than_the_cluster_takes_fails_permanently_naming_bulk_max_bytes() {
        service.stubFor(post(urlPathEqualTo("/_bulk"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(413)));

        ConnectorException failure = failure(connector(), bulk(events(3)));

        assertThat(failure.errorType()).isEqualTo("RequestTooLarge");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("jobs.connectors.elastic.bulk-max-bytes");
    }

    @Test
    void invalid_documents_and_targets_fail_the_job_before_anything_is_written() {
        ConnectorException notAnObject = failure(connector(), bulk(List.of(Map.of("a", 1), "text")));
        ConnectorException badId = failure(connector(), bulk(List.of(Map.of("_id", Map.of("nested", 1)))));
        ConnectorException longId = failure(connector(), bulk(List.of(Map.of("_id", "x".repeat(513)))));
        ConnectorException twoTargets = failure(connector(), bulk(events(1), "index", "logs-a,logs-b"));
        ConnectorException badOpType = failure(connector(), bulk(events(1), "op_type", "upsert"));

        assertThat(notAnObject.errorType()).isEqualTo("InvalidRequest");
        assertThat(notAnObject.getMessage()).contains("documents[1] must be a JSON object");
        assertThat(badId.getMessage()).contains("documents[0]._id must be a non-empty string");
        assertThat(longId.getMessage()).contains("at most 512 bytes");
        assertThat(twoTargets.getMessage()).contains("index names one index");
        assertThat(badOpType.getMessage()).contains("op_type must be one of index, create");
        service.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void beyond_a_hundred_failures_the_rest_are_counted_but_not_listed() {
        List<Map<String, Object>> documents = IntStream.range(0, 120)
                .mapToObj(i -> (Map<String, Object>) Map.<String, Object>of("_id", "n-" + i, "count", "many"))
                .toList();

        Map<String, Object> result = run(connector(), bulk(documents));

        assertThat(result).containsEntry("failed", 120L).containsEntry("failures_truncated", true);
        assertThat(failures(result)).hasSize(100);
        assertThat(failures(result).getLast()).containsEntry("position", 99);
    }

    @Test
    void progress_is_reported_after_every_chunk() {
        FakeJobContext job = bulk(events(10));

        run(connector("bulk-max-documents", "4"), job);

        assertThat(job.progressReports()).containsExactly(4L, 8L, 10L);
    }
}
