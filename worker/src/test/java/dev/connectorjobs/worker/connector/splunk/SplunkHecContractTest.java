package dev.connectorjobs.worker.connector.splunk;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code splunk} {@code send_events} and {@code test_connection} against an HTTP Event Collector that
 * answers as Splunk's does ({@link FakeHec}): batches of concatenated event objects with {@code
 * Authorization: Splunk <token>}, HEC's status codes (token errors permanent, server busy retryable,
 * refused data permanent with HEC's words), and a retried job that resumes after the last batch HEC
 * accepted.
 */
class SplunkHecContractTest {

    static final SplunkStub stub = new SplunkStub();

    @RegisterExtension
    static final VendorStubExtension vendor = stub.vendor;

    static final WireMockServer splunk = stub.server;

    @BeforeEach
    void install() {
        stub.install();
    }

    static List<Object> events(int n) {
        return IntStream.rangeClosed(1, n)
                .<Object>mapToObj(i -> Map.of("action", "login_failed", "user", "user" + i, "attempt", i))
                .toList();
    }

    static FakeJobContext aSend(int n) {
        return aJob("splunk", "send_events")
                .param("events", events(n))
                .param("index", "security")
                .param("sourcetype", "connector:jobs")
                .param("source", "connector-jobs");
    }

    static Map<String, Object> run(SplunkConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    static List<LoggedRequest> posts() {
        return splunk.findAll(postRequestedFor(urlPathEqualTo(HecEvents.PATH)));
    }

    static List<String> users(List<JsonNode> indexed) {
        return indexed.stream()
                .map(e -> e.path("event").path("user").asString())
                .toList();
    }

    @Test
    void events_go_in_batches_of_concatenated_event_objects_with_the_hec_token_and_the_job_s_metadata() {
        FakeJobContext job = aSend(5);

        Map<String, Object> result = run(stub.connector("jobs.connectors.splunk.batch-size", "2"), job);

        assertThat(posts()).hasSize(3);
        LoggedRequest first = posts().getFirst();
        assertThat(first.getHeader("Authorization")).isEqualTo("Splunk " + SplunkStub.HEC_TOKEN);
        assertThat(first.getHeader("X-Splunk-Request-Channel"))
                .isEqualTo(job.jobId().toString());
        assertThat(first.getBodyAsString())
                .startsWith("{\"event\":{")
                .contains("}{\"event\":{")
                .doesNotStartWith("[")
                .doesNotContain("\n");
        List<JsonNode> indexed = stub.hec.indexed();
        assertThat(users(indexed)).containsExactly("user1", "user2", "user3", "user4", "user5");
        assertThat(indexed).allSatisfy(event -> {
            assertThat(event.path("index").asString()).isEqualTo("security");
            assertThat(event.path("sourcetype").asString()).isEqualTo("connector:jobs");
            assertThat(event.path("source").asString()).isEqualTo("connector-jobs");
            assertThat(event.has("host")).isFalse();
        });
        assertThat(result)
                .containsEntry("events", 5)
                .containsEntry("sent", 5)
                .containsEntry("batches", 3)
                .containsEntry("resumed_from", 0);
        assertThat(job.savedCheckpoint()).isEqualTo(Map.of("events_sent", 5));
        assertThat(job.progressReports()).containsExactly(2L, 4L, 5L);
    }

    @Test
    void
            a_busy_hec_fails_the_attempt_retryably_and_the_next_attempt_sends_only_the_events_after_the_last_accepted_batch() {
        stub.hec.failAfter(1, 503, 9, "Server is busy");
        SplunkConnector connector = stub.connector("jobs.connectors.splunk.batch-size", "2");
        FakeJobContext first = aSend(5);

        ConnectorException busy = catchThrowableOfType(ConnectorException.class, () -> run(connector, first));

        assertThat(busy.isRetryable()).isTrue();
        assertThat(busy.errorType()).isEqualTo("HttpServerError");
        assertThat(busy.getMessage())
                .startsWith("splunk: POST /services/collector/event answered 503")
                .contains("HEC code 9 (Server is busy)");
        assertThat(first.savedCheckpoint()).isEqualTo(Map.of("events_sent", 2));

        Map<String, Object> result = run(connector, first.nextAttempt());

        assertThat(users(stub.hec.indexed())).containsExactly("user1", "user2", "user3", "user4", "user5");
        assertThat(result)
                .containsEntry("resumed_from", 2)
                .containsEntry("sent", 3)
                .containsEntry("batches", 2);
        assertThat(posts()).hasSize(2 + 2);
    }

    @Test
    void a_disabled_hec_token_fails_permanently_naming_the_property_without_counting_against_the_breaker() {
        stub.hec.disable();
        SplunkConnector connector = stub.connector();

        for (int i = 0; i < 6; i++) {
            ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(connector, aSend(1)));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.httpStatus()).contains(403);
            assertThat(failure.getMessage())
                    .startsWith("splunk: POST /services/collector/event answered 403, HEC code 1 (Token disabled)")
                    .contains("jobs.connectors.splunk.auth.hec-token")
                    .doesNotContain(SplunkStub.HEC_TOKEN);
        }

        assertThat(stub.testbed().breaker("splunk").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void an_unknown_hec_token_fails_permanently_as_hec_code_4() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(stub.connector("jobs.connectors.splunk.auth.hec-token", "0f0f0f0f-wrong"), aSend(1)));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.getMessage()).contains("HEC code 4 (Invalid token)").doesNotContain("0f0f0f0f-wrong");
    }

    @Test
    void an_index_the_token_may_not_write_is_a_permanent_invalid_request_with_hec_s_words() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(stub.connector(), aSend(3).param("index", "finance")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .isEqualTo("splunk: POST /services/collector/event answered 400, HEC code 7 (Incorrect index)");
        assertThat(stub.hec.indexed()).isEmpty();
    }

    @Test
    void an_event_that_is_neither_an_object_nor_a_string_is_refused_naming_it_before_anything_is_sent() {
        FakeJobContext job = aJob("splunk", "send_events").param("events", List.of(Map.of("a", 1), 42));

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(stub.connector(), job));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage()).contains("events[1] must be an object or a non-empty string");
        assertThat(splunk.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void string_events_are_sent_as_they_are() {
        run(stub.connector(), aJob("splunk", "send_events").param("events", List.of("disk full on /var", "ok")));

        assertThat(stub.hec.indexed())
                .extracting(event -> event.path("event").asString())
                .containsExactly("disk full on /var", "ok");
    }

    @Test
    void sending_without_a_hec_url_fails_as_not_configured_naming_the_property() {
        SplunkConnector connector = stub.connector(Map.of(
                "jobs.connectors.splunk.base-url",
                splunk.baseUrl(),
                "jobs.connectors.splunk.auth.token",
                SplunkStub.TOKEN));

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(connector, aSend(1)));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage()).contains("jobs.connectors.splunk.hec-url", "JOBS_CONNECTORS_SPLUNK_HEC_URL");
    }

    @Test
    void test_connection_reads_the_server_info_and_checks_the_hec_token_without_indexing_an_event() {
        Map<String, Object> result = run(stub.connector(), aJob("splunk", "test_connection"));

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("rest", Map.of("version", "9.4.1", "server_name", "splunk-sh1"))
                .containsEntry("hec", Map.of("token_accepted", true, "code", 5));
        assertThat(posts())
                .singleElement()
                .satisfies(post -> assertThat(post.getBodyAsString()).isEmpty());
        assertThat(stub.hec.indexed()).isEmpty();
    }

    @Test
    void test_connection_with_only_the_hec_checks_only_the_hec_token() {
        SplunkConnector connector = stub.connector(Map.of(
                "jobs.connectors.splunk.hec-url",
                splunk.baseUrl(),
                "jobs.connectors.splunk.auth.hec-token",
                SplunkStub.HEC_TOKEN));

        Map<String, Object> result = run(connector, aJob("splunk", "test_connection"));

        assertThat(result).containsKey("hec").doesNotContainKey("rest");
        assertThat(splunk.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void test_connection_with_a_disabled_hec_token_fails_as_authentication_failed() {
        stub.hec.disable();

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(stub.connector(), aJob("splunk", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.getMessage()).contains("Token disabled", "auth.hec-token");
    }

    @Test
    void test_connection_with_nothing_configured_names_the_rest_url() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(stub.connector(Map.of()), aJob("splunk", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage()).contains("jobs.connectors.splunk.base-url");
    }
}
