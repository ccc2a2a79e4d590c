package dev.connectorjobs.worker.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import dev.connectorjobs.worker.connector.FakeJobContext;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The resilient client against WireMock stubs that answer like real services. */
class ResilientHttpClientTest {

    static WireMockServer service;

    private final SettableClock clock = SettableClock.atNow();
    private final BreakerRegistry breakers = Breakers.registry(clock, Map.of());
    private final ServiceBreaker jiraBreaker = breakers.get("jira");
    private ServiceHttpClients clients = clients(Map.of());
    private final FakeJobContext job = FakeJobContext.aJob("test", "test");

    @BeforeAll
    static void startService() {
        service = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterAll
    static void stopService() {
        service.stop();
    }

    @BeforeEach
    void resetService() {
        service.resetAll();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /** Clients with tiny backoffs (so retries take milliseconds) plus {@code extra} configuration. */
    private ServiceHttpClients clients(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jobs.http.defaults.backoff-base", "5ms");
        properties.put("jobs.http.defaults.response-timeout", "15s");
        properties.putAll(extra);
        HttpProperties http = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobs.http", Bindable.of(HttpProperties.class));
        return new ServiceHttpClients(http, breakers, clock);
    }

    private ServiceHttpClient jira() {
        return clients.forService("jira");
    }

    private static URI url(String path) {
        return URI.create(service.baseUrl() + path);
    }

    private List<LoggedRequest> received() {
        return service.findAll(anyRequestedFor(anyUrl()));
    }

    @Test
    void five_consecutive_503_open_the_breaker_and_the_next_attempt_fails_fast_without_a_retry() {
        service.stubFor(get("/rest/api/3/myself").willReturn(serviceUnavailable()));

        HttpResult first = jira().exchange(HttpCall.get(url("/rest/api/3/myself")), job);
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.attempts()).isEqualTo(4);
        assertThat(jiraBreaker.state()).isEqualTo(State.CLOSED);

        CircuitOpenException second = catchThrowableOfType(
                CircuitOpenException.class, () -> jira().exchange(HttpCall.get(url("/rest/api/3/myself")), job));

        assertThat(jiraBreaker.state()).isEqualTo(State.OPEN);
        assertThat(received()).hasSize(5);
        assertThat(second.breaker()).isEqualTo("jira");
        assertThat(second.halfOpenAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void while_the_breaker_is_open_calls_fail_fast_and_no_request_reaches_the_service() {
        service.stubFor(get("/api/v2/assets").willReturn(serviceUnavailable()));
        clients = clients(Map.of("jobs.http.services.jira.max-retries", "0"));
        for (int i = 0; i < 5; i++) {
            jira().exchange(HttpCall.get(url("/api/v2/assets")), job);
        }
        service.resetRequests();

        for (int i = 0; i < 10; i++) {
            CircuitOpenException rejected = catchThrowableOfType(
                    CircuitOpenException.class, () -> jira().execute(HttpCall.get(url("/api/v2/assets")), job));
            assertThat(rejected.errorType()).isEqualTo("CircuitOpen");
            assertThat(rejected.isRetryable()).isTrue();
        }

        assertThat(received()).isEmpty();
    }

    @Test
    void after_the_reset_timeout_one_successful_trial_call_closes_the_breaker() {
        service.stubFor(get("/rest/api/3/myself")
                .inScenario("outage")
                .whenScenarioStateIs(STARTED)
                .willReturn(serviceUnavailable()));
        openJiraBreaker();
        service.stubFor(get("/rest/api/3/myself").willReturn(ok("{\"accountId\":\"5b10a\"}")));
        service.resetRequests();
        clock.advance(Duration.ofSeconds(60).plusMillis(1));

        HttpResult trial = jira().execute(HttpCall.get(url("/rest/api/3/myself")), job);

        assertThat(trial.status()).isEqualTo(200);
        assertThat(jiraBreaker.state()).isEqualTo(State.CLOSED);
        assertThat(received()).hasSize(1);
    }

    @Test
    void after_the_reset_timeout_a_failed_trial_call_opens_the_breaker_again() {
        service.stubFor(get("/rest/api/3/myself").willReturn(serviceUnavailable()));
        openJiraBreaker();
        service.resetRequests();
        clock.advance(Duration.ofSeconds(61));

        CircuitOpenException retried = catchThrowableOfType(
                CircuitOpenException.class, () -> jira().exchange(HttpCall.get(url("/rest/api/3/myself")), job));

        assertThat(jiraBreaker.state()).isEqualTo(State.OPEN);
        assertThat(received()).as("only the trial call reaches the service").hasSize(1);
        assertThat(retried.halfOpenAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    private void openJiraBreaker() {
        jira().exchange(HttpCall.get(url("/rest/api/3/myself")), job);
        catchThrowableOfType(
                CircuitOpenException.class, () -> jira().exchange(HttpCall.get(url("/rest/api/3/myself")), job));
        assertThat(jiraBreaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void a_429_with_retry_after_2_delays_the_next_attempt_by_at_least_2_seconds() {
        service.stubFor(get("/v1.0/deviceManagement/managedDevices")
                .inScenario("throttled")
                .whenScenarioStateIs(STARTED)
                .willReturn(status(429)
                        .withHeader("Retry-After", "2")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit\"}}"))
                .willSetStateTo("recovered"));
        service.stubFor(get("/v1.0/deviceManagement/managedDevices")
                .inScenario("throttled")
                .whenScenarioStateIs("recovered")
                .willReturn(ok("{\"value\":[]}")));

        HttpResult result =
                clients.forService("intune").execute(HttpCall.get(url("/v1.0/deviceManagement/managedDevices")), job);

        assertThat(result.status()).isEqualTo(200);
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(2);
        long gapMs = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gapMs).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void a_retry_after_beyond_the_cap_ends_the_retries_and_hands_the_wait_to_the_job_runner() {
        service.stubFor(get("/api/v2/tickets").willReturn(status(429).withHeader("Retry-After", "120")));

        ConnectorException throttled = catchThrowableOfType(
                ConnectorException.class,
                () -> clients.forService("freshservice").execute(HttpCall.get(url("/api/v2/tickets")), job));

        assertThat(received()).hasSize(1);
        assertThat(throttled.errorType()).isEqualTo("Throttled");
        assertThat(throttled.isRetryable()).isTrue();
        assertThat(throttled.httpStatus()).contains(429);
        assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(120));
    }

    @Test
    void a_429_without_retry_after_waits_the_seconds_of_x_ratelimit_reset_as_datadog_sends_them() {
        service.stubFor(get("/api/v1/hosts")
                .inScenario("rate limited")
                .whenScenarioStateIs(STARTED)
                .willReturn(status(429).withHeader("X-RateLimit-Reset", "2").withHeader("X-RateLimit-Limit", "100"))
                .willSetStateTo("reset"));
        service.stubFor(get("/api/v1/hosts")
                .inScenario("rate limited")
                .whenScenarioStateIs("reset")
                .willReturn(ok("{\"host_list\":[]}")));

        HttpResult result = clients.forService("datadog").execute(HttpCall.get(url("/api/v1/hosts")), job);

        assertThat(result.status()).isEqualTo(200);
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(2);
        long gapMs = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gapMs).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void retryable_failures_are_retried_until_the_service_answers() {
        service.stubFor(get("/api/v1/hosts")
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(serviceUnavailable())
                .willSetStateTo("bad-gateway"));
        service.stubFor(get("/api/v1/hosts")
                .inScenario("flaky")
                .whenScenarioStateIs("bad-gateway")
                .willReturn(status(502))
                .willSetStateTo("up"));
        service.stubFor(get("/api/v1/hosts")
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(ok("{\"host_list\":[],\"total_matching\":0,\"total_returned\":0}")));

        HttpResult result = clients.forService("abm").execute(HttpCall.get(url("/api/v1/hosts")), job);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.bodyAsString()).contains("host_list");
    }

    @Test
    void a_post_without_an_idempotency_key_is_not_retried() {
        service.stubFor(post("/api/now/table/incident").willReturn(serviceUnavailable()));
        HttpCall create = HttpCall.request("POST", url("/api/now/table/incident"))
                .body("{\"short_description\":\"disk full\"}".getBytes(StandardCharsets.UTF_8), "application/json")
                .build();

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> clients.forService("servicenow").execute(create, job));

        assertThat(received()).hasSize(1);
        assertThat(failure.errorType()).isEqualTo("HttpServerError");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.httpStatus()).contains(503);
    }

    @Test
    void a_post_with_an_idempotency_key_is_retried_with_the_same_key() {
        service.stubFor(post("/api/v2/tickets")
                .inScenario("s")
                .whenScenarioStateIs(STARTED)
                .willReturn(status(500))
                .willSetStateTo("up"));
        service.stubFor(post("/api/v2/tickets")
                .inScenario("s")
                .whenScenarioStateIs("up")
                .willReturn(status(201).withBody("{\"ticket\":{\"id\":1}}")));
        HttpCall create = HttpCall.request("POST", url("/api/v2/tickets"))
                .body("{\"subject\":\"x\"}".getBytes(StandardCharsets.UTF_8), "application/json")
                .idempotencyKey("ticket-4711")
                .build();

        HttpResult created = clients.forService("freshservice").execute(create, job);

        assertThat(created.status()).isEqualTo(201);
        assertThat(received())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo("ticket-4711"));
    }

    @Test
    void every_request_and_every_retry_carries_the_jobs_correlation_id() {
        service.stubFor(get("/api/machines")
                .inScenario("s")
                .whenScenarioStateIs(STARTED)
                .willReturn(status(504))
                .willSetStateTo("up"));
        service.stubFor(
                get("/api/machines").inScenario("s").whenScenarioStateIs("up").willReturn(ok()));
        HttpCall call = HttpCall.request("GET", url("/api/machines"))
                .header("X-Correlation-ID", "forged")
                .build();

        clients.forService("defender").execute(call, job);
        clients.forService("defender").execute(call, job);

        assertThat(received())
                .hasSize(3)
                .allSatisfy(r -> assertThat(
                                r.getHeaders().getHeader("X-Correlation-ID").values())
                        .containsExactly(job.correlationId()));
    }

    @Test
    void a_404_is_not_a_breaker_failure_and_fails_the_job_permanently() {
        service.stubFor(get("/api/machines").willReturn(notFound()));

        for (int i = 0; i < 6; i++) {
            ConnectorException missing = catchThrowableOfType(
                    ConnectorException.class,
                    () -> clients.forService("defender").execute(HttpCall.get(url("/api/machines")), job));
            assertThat(missing.errorType()).isEqualTo("HttpClientError");
            assertThat(missing.isRetryable()).isFalse();
            assertThat(missing.httpStatus()).contains(404);
        }

        assertThat(received()).hasSize(6);
        assertThat(breakers.get("defender").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void exhausted_retries_become_a_retryable_server_error_naming_the_attempts() {
        service.stubFor(get("/api/v2/computers").willReturn(status(500)));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> clients.forService("android_enterprise").execute(HttpCall.get(url("/api/v2/computers")), job));

        assertThat(received()).hasSize(4);
        assertThat(failure.errorType()).isEqualTo("HttpServerError");
        assertThat(failure.getMessage())
                .isEqualTo(
                        "android_enterprise: GET /api/v2/computers answered 500 Server Error" + " (after 4 attempts)");
    }

    @Test
    void connection_resets_are_retried_and_counted_as_breaker_failures() {
        service.stubFor(get("/api/v2/ping/").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> clients.forService("defender").execute(HttpCall.get(url("/api/v2/ping/")), job));

        assertThat(failure.errorType()).isEqualTo("IOError");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage()).startsWith("defender: GET /api/v2/ping/ failed after 4 attempts");
        assertThat(received()).hasSize(4);
        assertThat(breakers.get("defender").state()).isEqualTo(State.CLOSED);
        catchThrowableOfType(
                CircuitOpenException.class,
                () -> clients.forService("defender").execute(HttpCall.get(url("/api/v2/ping/")), job));
        assertThat(breakers.get("defender").state()).isEqualTo(State.OPEN);
    }

    @Test
    void cancelling_the_job_aborts_the_request_in_flight() {
        service.stubFor(get("/services/search/jobs/1").willReturn(ok().withFixedDelay(10_000)));
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        try {
            canceller.schedule(() -> job.cancellation().cancel("revoked"), 200, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();

            JobCancelledException cancelled = catchThrowableOfType(
                    JobCancelledException.class,
                    () -> clients.forService("entra_id").execute(HttpCall.get(url("/services/search/jobs/1")), job));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(cancelled).hasMessageContaining("revoked");
            assertThat(received()).hasSize(1);
            assertThat(breakers.get("entra_id").state()).isEqualTo(State.CLOSED);
            assertThat(breakers.get("entra_id").openedAt()).isEmpty();
        } finally {
            canceller.shutdownNow();
        }
    }

    @Test
    void credentials_in_headers_and_query_appear_in_no_exception_message() {
        service.stubFor(get(urlPathEqualTo("/api/v1/validate")).willReturn(status(403)));
        HttpCall call = HttpCall.request("GET", url("/api/v1/validate?api_key=s3cr3t-query-key"))
                .header("DD-API-KEY", "s3cr3t-header-key")
                .header("Authorization", "Bearer s3cr3t-token")
                .build();

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> clients.forService("abm").execute(call, job));

        assertThat(failure.getMessage()).isEqualTo("abm: GET /api/v1/validate answered 403 Forbidden");
        assertThat(call.toString()).doesNotContain("s3cr3t");
        assertThat(received().getFirst().getHeader("DD-API-KEY")).isEqualTo("s3cr3t-header-key");
    }

    @Test
    void a_response_larger_than_the_limit_fails_the_call_permanently() {
        clients = clients(Map.of("jobs.http.services.freshservice.max-response-size", "1KB"));
        service.stubFor(get("/_cluster/health").willReturn(ok("x".repeat(4096))));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> clients.forService("freshservice").execute(HttpCall.get(url("/_cluster/health")), job));

        assertThat(failure.errorType()).isEqualTo("ResponseTooLarge");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("jobs.http.services.freshservice.max-response-size");
    }

    @Test
    void a_body_without_a_declared_length_is_read_whole_up_to_the_limit_and_refused_beyond_it() {
        clients = clients(Map.of("jobs.http.services.freshservice.max-response-size", "1KB"));
        // Chunked: no Content-Length, so the read cannot size itself by it.
        service.stubFor(
                get("/small").willReturn(aResponse().withBody("y".repeat(1000)).withChunkedDribbleDelay(4, 20)));
        service.stubFor(
                get("/large").willReturn(aResponse().withBody("x".repeat(4096)).withChunkedDribbleDelay(4, 20)));

        HttpResult small = clients.forService("freshservice").execute(HttpCall.get(url("/small")), job);
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> clients.forService("freshservice").execute(HttpCall.get(url("/large")), job));

        assertThat(small.bodyAsString()).isEqualTo("y".repeat(1000));
        assertThat(failure.errorType()).isEqualTo("ResponseTooLarge");
    }

    @Test
    void the_retry_count_is_configurable_per_service() {
        clients = clients(Map.of("jobs.http.services.defender.max-retries", "1"));
        service.stubFor(get("/api/v1/jamf-pro-version").willReturn(serviceUnavailable()));

        HttpResult jamf = clients.forService("defender").exchange(HttpCall.get(url("/api/v1/jamf-pro-version")), job);
        HttpResult sccm = clients.forService("entra_id").exchange(HttpCall.get(url("/api/v1/jamf-pro-version")), job);

        assertThat(jamf.attempts()).isEqualTo(2);
        assertThat(sccm.attempts()).isEqualTo(4);
    }
}
