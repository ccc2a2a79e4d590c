package dev.connectorjobs.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.AttemptRow;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A burst of {@code external_api} jobs against a failing service: once the breaker is open no
 * request reaches the service until the trial call, the deferred jobs spend no attempts, and all of
 * them succeed after the service recovers.
 */
class BreakerBurstTest {

    @RegisterExtension
    final EndToEndSystem system = new EndToEndSystem();

    @Test
    void jobs_wait_out_an_open_breaker_without_spending_attempts_and_succeed_after_recovery() throws Exception {
        WireMockServer service = system.startService(options().dynamicPort());
        service.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));

        ApiClient client = system.startApi("jobs.api.queues=default,burst", "jobs.api.dispatch.sweep-interval=100ms");
        ConfigurableApplicationContext worker = system.startWorker(
                "jobs.worker.id=burst-worker",
                "jobs.worker.queues=burst",
                "jobs.worker.retry.base=200ms",
                "jobs.connectors.external_api.base-url=" + service.baseUrl(),
                "jobs.http.services.external_api.max-retries=0",
                "jobs.breakers.external_api.reset-timeout=3s");

        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            jobs.add(UUID.fromString(client.submit("{\"connector\":\"external_api\",\"operation\":\"request\","
                    + "\"params\":{\"method\":\"GET\",\"path\":\"/items/" + i + "\"},\"queue\":\"burst\","
                    + "\"max_retries\":5}")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = client.get("/api/v1/admin/health/circuit-breakers/external_api");
            assertThat(view.get("state").asString()).as(view.toString()).isEqualTo("open");
        });
        int requestsWhenOpened = service.findAll(anyRequestedFor(anyUrl())).size();
        long openedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs.stream()
                                .filter(id -> JobRows.attempts(id).stream()
                                        .anyMatch(a -> a.outcome().equals("DEFERRED")))
                                .count()
                        >= 5);
        // While the breaker is open the service sees nothing but one trial call per reset timeout (3 s):
        // the other jobs were deferred, not sent. A few calls may have been in flight when it opened.
        long trialsAllowed = 1 + (System.nanoTime() - openedAt) / 3_000_000_000L;
        assertThat(service.findAll(anyRequestedFor(anyUrl())).size() - requestsWhenOpened)
                .isLessThanOrEqualTo((int) trialsAllowed);
        assertThat(requestsWhenOpened).isBetween(5, 16);

        service.resetAll();
        service.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true}")));

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        jobs.stream().allMatch(id -> JobRows.job(id).status().equals("SUCCESS")));
        long deferred = 0;
        long deferredAttempts = 0;
        long retryAttempts = 0;
        for (UUID id : jobs) {
            List<AttemptRow> attempts = JobRows.attempts(id);
            deferredAttempts += attempts.stream()
                    .filter(a -> a.outcome().equals("DEFERRED"))
                    .count();
            retryAttempts +=
                    attempts.stream().filter(a -> a.outcome().equals("RETRY")).count();
            long spent =
                    attempts.stream().filter(a -> a.outcome().equals("RETRY")).count();
            assertThat(JobRows.job(id).retriesUsed()).as("job %s", id).isEqualTo(spent);
            if (attempts.stream().anyMatch(a -> a.outcome().equals("DEFERRED"))) {
                deferred++;
            }
        }
        assertThat(deferred).as("jobs deferred by the open breaker").isPositive();
        // The worker's counters say what the attempt rows say (docs/metrics.md).
        MeterRegistry meters = worker.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.get("jobs.finished")
                                .tags("queue", "burst", "connector", "external_api", "outcome", "success")
                                .counter()
                                .count())
                        .isEqualTo(jobs.size()));
        assertThat(meters.get("jobs.deferred")
                        .tags("queue", "burst", "connector", "external_api", "reason", "breaker")
                        .counter()
                        .count())
                .isEqualTo(deferredAttempts);
        assertThat(meters.get("jobs.retried")
                        .tags("queue", "burst", "connector", "external_api")
                        .counter()
                        .count())
                .isEqualTo(retryAttempts);
        System.out.println("MEASURE breaker burst: " + requestsWhenOpened + " requests before opening, " + deferred
                + " of " + jobs.size() + " jobs deferred without spending a retry");
    }
}
