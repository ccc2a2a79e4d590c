package dev.connectorjobs.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.testing.JobRows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A service answers with a NUL character (U+0000), which PostgreSQL cannot store as it is: the
 * {@code external_api} job, submitted over HTTP to the api-gateway and run by a worker against a
 * WireMock service, ends SUCCESS with the NUL shown as the six characters of its escape, after one
 * run and one request, and stays so after its lease and several reaper sweeps have passed.
 */
class UnstorableResultEndToEndTest {

    static final String QUEUE = "unstorable-e2e";
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration REAPER_INTERVAL = Duration.ofMillis(250);
    static final String NUL_ESCAPE = "\\u0000";

    /** How often the worker started each job: the ledger that proves "one run". */
    static final Map<UUID, AtomicInteger> STARTS = new ConcurrentHashMap<>();

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer service;
    static ApiClient client;

    @BeforeAll
    static void start() {
        service = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.api.reaper.interval=" + REAPER_INTERVAL.toMillis() + "ms",
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.external_api=" + QUEUE);
        system.startWorker(
                job -> STARTS.computeIfAbsent(job.id(), id -> new AtomicInteger())
                        .incrementAndGet(),
                "jobs.worker.id=e2e-unstorable",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-unstorable",
                "jobs.worker.lease=" + LEASE.toMillis() + "ms",
                "jobs.worker.heartbeat-interval=500ms",
                "jobs.connectors.external_api.base-url=" + service.baseUrl() + "/base/");
    }

    @Test
    void a_json_answer_with_a_nul_in_a_key_and_a_value_succeeds_after_one_run_with_the_nul_escaped() throws Exception {
        service.stubFor(get(urlPathEqualTo("/base/tickets/7"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sum\\u0000mary\":\"printer\\u0000on fire\",\"id\":7}")));

        JsonNode status = runOnce("/tickets/7");

        JsonNode body = status.get("result").get("body");
        assertThat(body.get("sum" + NUL_ESCAPE + "mary").asString()).isEqualTo("printer" + NUL_ESCAPE + "on fire");
        assertThat(body.get("id").asInt()).isEqualTo(7);
    }

    @Test
    void a_text_answer_with_a_raw_nul_byte_succeeds_after_one_run_with_the_nul_escaped() throws Exception {
        service.stubFor(get(urlPathEqualTo("/base/logs/3"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/plain; charset=utf-8")
                        .withBody("line one\0line two".getBytes(StandardCharsets.UTF_8))));

        JsonNode status = runOnce("/logs/3");

        assertThat(status.get("result").get("body").asString()).isEqualTo("line one" + NUL_ESCAPE + "line two");
    }

    /**
     * Submits a GET of {@code path}, waits until the job is SUCCESS, and then for longer than its
     * lease and several reaper sweeps, during which it must stay SUCCESS with one attempt, one start
     * and one request to the service.
     */
    private static JsonNode runOnce(String path) throws Exception {
        String id = client.submit("{\"connector\":\"external_api\",\"operation\":\"request\","
                + "\"params\":{\"method\":\"GET\",\"path\":\"" + path + "\"}}");
        UUID jobId = UUID.fromString(id);

        JsonNode status = client.awaitTerminal(id);
        assertThat(status.get("status").asString())
                .as(() -> "job " + JobRows.job(jobId) + " attempts " + JobRows.attempts(jobId))
                .isEqualTo("SUCCESS");

        await().during(LEASE.plus(REAPER_INTERVAL.multipliedBy(4)))
                .atMost(LEASE.plusSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> JobRows.job(jobId).status().equals("SUCCESS")
                        && JobRows.attempts(jobId).size() == 1
                        && STARTS.get(jobId).get() == 1
                        && service.countRequestsMatching(getRequestedFor(urlPathEqualTo("/base" + path))
                                                .build())
                                        .getCount()
                                == 1);
        assertThat(JobRows.attempts(jobId))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("SUCCESS"));
        return client.status(id);
    }
}
