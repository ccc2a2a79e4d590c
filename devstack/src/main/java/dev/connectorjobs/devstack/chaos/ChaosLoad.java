package dev.connectorjobs.devstack.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steady load: one job every {@code 1 / rate} seconds, open loop (a slow or dead api-gateway
 * does not slow the schedule; a submission still waiting for its answer just overlaps the next),
 * in a fixed mix by job number: of every ten, four {@code diagnostics.echo}, two {@code
 * diagnostics.sleep} (300 ms), one {@code diagnostics.fail} (fails its first attempt, retryable)
 * and three {@code external_api} POSTs to the stub, each with an {@code Idempotency-Key} of its own.
 * Submissions the api-gateway does not accept (it is down, PostgreSQL is down) are counted, not
 * retried: only accepted jobs are judged.
 */
final class ChaosLoad implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final URI endpoint;
    private final String authorization;
    private final String runId;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("chaos-load").factory());
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentMap<Integer, UUID> accepted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, UUID> keyed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

    ChaosLoad(URI api, String adminKey, String runId) {
        this.endpoint = URI.create(api + "/api/v1/jobs");
        this.authorization = "Bearer " + adminKey;
        this.runId = runId;
    }

    void start(double rate) {
        long periodMicros = Math.max(1, Math.round(1_000_000 / rate));
        ticker.scheduleAtFixedRate(
                () -> {
                    int job = next.getAndIncrement();
                    senders.execute(() -> submit(job));
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
    }

    /** Stops submitting and waits for the answers still due. */
    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }

    int submitted() {
        return next.get();
    }

    /** The ids of the accepted jobs, in submission order. */
    List<UUID> accepted() {
        return new TreeMap<>(accepted).values().stream().toList();
    }

    /** The accepted keyed writes by the key in their path. */
    Map<String, UUID> keyedJobs() {
        return Map.copyOf(keyed);
    }

    /** Submissions by outcome: an HTTP status or an exception's name. */
    Map<String, Long> outcomes() {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((outcome, count) -> counts.put(outcome, count.get()));
        return counts;
    }

    private void submit(int job) {
        String key = runId + "-" + job;
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(job, key)))
                .build();
        String outcome;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            outcome = Integer.toString(response.statusCode());
            if (response.statusCode() / 100 == 2) {
                Optional<UUID> id = taskId(response.body());
                if (id.isPresent()) {
                    accepted.put(job, id.get());
                    if (isKeyedWrite(job)) {
                        keyed.put(key, id.get());
                    }
                } else {
                    outcome = "2xx without task_id";
                }
            }
        } catch (IOException e) {
            outcome = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    static boolean isKeyedWrite(int job) {
        return job % 10 >= 7;
    }

    /** The request body of job number {@code job}; {@code key} names its keyed write. */
    static String body(int job, String key) {
        return switch (job % 10) {
            case 0, 1, 2, 3 -> diagnostics("echo", "{\"n\":" + job + "}");
            case 4, 5 -> diagnostics("sleep", "{\"ms\":300}");
            case 6 -> diagnostics("fail", "{\"times\":1}");
            default ->
                "{\"connector\":\"external_api\",\"operation\":\"request\",\"params\":{\"method\":\"POST\","
                        + "\"path\":\"" + RecordingStub.EFFECTS + key + "\",\"headers\":{\"Idempotency-Key\":\""
                        + key + "\"},\"body\":{\"n\":" + job + "}}}";
        };
    }

    private static String diagnostics(String operation, String params) {
        return "{\"connector\":\"diagnostics\",\"operation\":\"" + operation + "\",\"params\":" + params + "}";
    }

    private static Optional<UUID> taskId(String body) {
        try {
            JsonNode id = JSON.readTree(body).get("task_id");
            return id == null || !id.isString() ? Optional.empty() : Optional.of(UUID.fromString(id.asString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
