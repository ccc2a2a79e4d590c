package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LookupsDuringRunTest {

    private static final String PREFIX = "/api/v1/admin/tasks/";

    private final Map<UUID, String> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private PlainHttp http;
    private LoadGenerator.Target target;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PREFIX, this::status);
        server.start();
        URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        http = new PlainHttp(api, Duration.ofSeconds(5));
        target = new LoadGenerator.Target(http, api, "key", new JobRequests(BenchOptions.Operation.ECHO, 0, false));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    /** Answers a known job's status document, 404 for an unknown job, a body without status for "garbled". */
    private void status(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        UUID id = UUID.fromString(path.substring(PREFIX.length(), path.length() - "/status".length()));
        String status = statuses.get(id);
        String body = status == null
                ? "{\"status\":404}"
                : status.equals("garbled")
                        ? "{\"task_id\":\"" + id + "\"}"
                        : "{\"task_id\":\"" + id + "\",\"status\":\"" + status
                                + "\",\"attempts\":[{\"status\":\"x\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status == null ? 404 : 200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void lookups_due_before_the_first_accepted_job_are_skipped_and_later_ones_ask_for_accepted_jobs()
            throws InterruptedException {
        AcceptedIds accepted = new AcceptedIds();
        LookupsDuringRun lookups = LookupsDuringRun.start(target, accepted, 500, System.nanoTime());
        await().atMost(Duration.ofSeconds(10)).until(() -> lookups.skipped() >= 5);
        assertThat(requests).hasValue(0);

        UUID queued = accepted(accepted, "QUEUED");
        UUID succeeded = accepted(accepted, "SUCCESS");
        await().atMost(Duration.ofSeconds(10)).until(() -> lookups.sent() >= 50);
        LookupsDuringRun.Result result = lookups.finish();

        assertThat(result.skipped()).isGreaterThanOrEqualTo(5);
        assertThat(result.sent()).isGreaterThanOrEqualTo(50).isEqualTo(requests.get());
        assertThat(result.responses()).containsOnlyKeys("200").containsEntry("200", result.sent());
        assertThat(result.latencyMicros()).hasSize((int) result.sent());
        assertThat(Arrays.stream(result.latencyMicros()).min().orElseThrow()).isNotNegative();
        assertThat(result.jobStatuses())
                .as("both jobs are picked, and the status is the document's own, not an attempt's")
                .containsOnlyKeys("QUEUED", "SUCCESS");
        assertThat(result.jobStatuses().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(result.sent());
        assertThat(result.due()).isGreaterThanOrEqualTo(result.sent() + result.skipped());
        assertThat(result.unsent()).isEqualTo(result.due() - result.sent() - result.skipped());
        assertThat(result.rate()).isEqualTo(500);
        assertThat(result.clients()).isEqualTo(LookupsDuringRun.clientsFor(500));
        assertThat(statuses).containsKeys(queued, succeeded);
    }

    @Test
    void after_the_end_no_lookup_is_sent() throws InterruptedException {
        AcceptedIds accepted = new AcceptedIds();
        accepted(accepted, "RUNNING");
        LookupsDuringRun lookups = LookupsDuringRun.start(target, accepted, 200, System.nanoTime());
        await().atMost(Duration.ofSeconds(10)).until(() -> lookups.sent() >= 10);

        LookupsDuringRun.Result result = lookups.finish();
        int afterEnd = requests.get();

        assertThat(result.sent()).isEqualTo(afterEnd);
        assertThat(lookups.sent()).isEqualTo(result.sent());
        assertThat(result.seconds()).isPositive();
    }

    @Test
    void answers_other_than_200_count_by_status_without_a_latency_or_a_job_status() throws InterruptedException {
        AcceptedIds accepted = new AcceptedIds();
        accepted.add(UUID.randomUUID()); // unknown to the server: 404
        accepted(accepted, "garbled");
        LookupsDuringRun lookups = LookupsDuringRun.start(target, accepted, 500, System.nanoTime());
        await().atMost(Duration.ofSeconds(10)).until(() -> lookups.sent() >= 40);

        LookupsDuringRun.Result result = lookups.finish();

        assertThat(result.responses()).containsOnlyKeys("200", "404");
        assertThat(result.latencyMicros()).hasSize(result.responses().get("200").intValue());
        assertThat(result.jobStatuses())
                .containsOnlyKeys(ResponseCounts.BAD_RESPONSE)
                .containsEntry(ResponseCounts.BAD_RESPONSE, result.responses().get("200"));
    }

    @Test
    void client_threads_keep_the_rate_going_at_50_ms_per_lookup_between_4_and_1024() {
        assertThat(LookupsDuringRun.clientsFor(2_000)).isEqualTo(100);
        assertThat(LookupsDuringRun.clientsFor(1_000)).isEqualTo(50);
        assertThat(LookupsDuringRun.clientsFor(10)).isEqualTo(4);
        assertThat(LookupsDuringRun.clientsFor(0.5)).isEqualTo(4);
        assertThat(LookupsDuringRun.clientsFor(BenchOptions.MAX_LOOKUPS_DURING)).isEqualTo(1_000);
        assertThat(LookupsDuringRun.clientsFor(1_000_000)).isEqualTo(1_024);
    }

    private UUID accepted(AcceptedIds accepted, String status) {
        UUID id = UUID.randomUUID();
        statuses.put(id, status);
        accepted.add(id);
        return id;
    }
}
