package dev.connectorjobs.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bounded retries on 429 and 503 after Retry-After, and the idempotency key they reuse. */
class RetryTest extends ClientTestSupport {

    private static final String ID = "0195a0b0-0000-7000-8000-000000000002";
    private static final String ACCEPTED = "{\"task_id\":\"" + ID + "\",\"status\":\"PENDING\"}";

    @Test
    void a_submit_answered_429_is_sent_again_after_retry_after_with_the_same_idempotency_key() {
        api.stubFor(post("/api/v1/jobs")
                .inScenario("limited")
                .whenScenarioStateIs(STARTED)
                .willReturn(ProblemMappingTest.problem(429, "rate-limited", "Too many requests", "slow down")
                        .withHeader("Retry-After", "3"))
                .willSetStateTo("free"));
        api.stubFor(post("/api/v1/jobs")
                .inScenario("limited")
                .whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        Submitted submitted = client.submit(JobRequest.of("diagnostics", "echo", Map.of("n", 1)));

        assertThat(submitted.taskId()).isEqualTo(UUID.fromString(ID));
        assertThat(submitted.created()).isTrue();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3));
        List<LoggedRequest> sent = api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs")));
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(submitted.idempotencyKey());
        assertThat(sent.get(0).getBodyAsString()).isEqualTo(sent.get(1).getBodyAsString());
    }

    @Test
    void a_submit_whose_connection_broke_is_resent_with_the_same_key_and_returns_the_task_created_first() {
        api.stubFor(post("/api/v1/jobs")
                .inScenario("lost answer")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("stored"));
        api.stubFor(post("/api/v1/jobs")
                .inScenario("lost answer")
                .whenScenarioStateIs("stored")
                .willReturn(aResponse().withStatus(200).withBody(ACCEPTED)));

        Submitted submitted = client.submit(JobRequest.of("diagnostics", "echo"), "order-42");

        assertThat(submitted.created()).as("200: the replay of the stored task").isFalse();
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs"))))
                .hasSize(2)
                .extracting(r -> r.getHeader("Idempotency-Key"))
                .containsOnly("order-42");
    }

    @Test
    void two_logical_submits_get_two_different_keys() {
        api.stubFor(post("/api/v1/jobs").willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        String first = client.submit(JobRequest.of("diagnostics", "echo")).idempotencyKey();
        String second = client.submit(JobRequest.of("diagnostics", "echo")).idempotencyKey();

        assertThat(first).isNotEqualTo(second);
        assertThat(UUID.fromString(first)).isNotNull();
    }

    @Test
    void a_503_that_persists_is_retried_a_bounded_number_of_times_with_a_doubling_backoff() {
        api.stubFor(get("/api/v1/admin/workers")
                .willReturn(ProblemMappingTest.problem(503, "unavailable", "Service unavailable", "database down")));

        assertThatThrownBy(() -> client.workers())
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("database down");

        assertThat(api.findAll(getRequestedFor(urlEqualTo("/api/v1/admin/workers"))))
                .hasSize(ClientBuilder.DEFAULT_MAX_RETRIES + 1);
        assertThat(time.sleeps)
                .containsExactly(
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void a_retry_after_longer_than_the_client_may_wait_ends_at_once_with_the_wait_it_asked_for() {
        api.stubFor(get("/api/v1/admin/workers")
                .willReturn(ProblemMappingTest.problem(429, "rate-limited", "Too many requests", "slow down")
                        .withHeader("Retry-After", "120")));

        assertThatThrownBy(() -> client.workers())
                .asInstanceOf(type(RateLimitedException.class))
                .satisfies(e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(120)));
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void a_batch_submit_is_not_resent_after_a_503_because_it_carries_no_idempotency_key() {
        api.stubFor(post("/api/v1/jobs:batch")
                .willReturn(ProblemMappingTest.problem(503, "unavailable", "Service unavailable", "try later")));

        assertThatThrownBy(() -> client.submitBatch(List.of(JobRequest.of("diagnostics", "echo"))))
                .isInstanceOf(ServerException.class);

        assertThat(api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs:batch"))))
                .hasSize(1);
    }
}
