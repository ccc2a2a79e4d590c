package dev.connectorjobs.bench;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probe jobs ({@code --probe N}): while the run's jobs flood the queue, another tenant (a USER key
 * of its own, or the flood's key) submits N jobs one at a time at a low rate, with a priority, and
 * the report gives their submit-to-start latency from PostgreSQL ({@code created_at} to {@code
 * started_at}) and the backlog each one found. It measures fairness between API keys and priorities
 * under a backlog.
 */
final class ProbeJobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * What the probes saw.
     *
     * @param latency submit-to-start of the probes
     * @param backlogs jobs waiting (not yet started) when each probe was submitted
     */
    record Result(BenchOptions.Probe probe, LatencySummary latency, List<Long> backlogs, List<UUID> ids) {

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("jobs", probe.jobs());
            json.put("rate", probe.rate());
            json.put("priority", probe.priority());
            json.put("key", probe.sameKey() ? "same" : "other");
            json.put("submit_to_start_ms", BenchReport.latency(latency));
            long[] sorted =
                    backlogs.stream().mapToLong(Long::longValue).sorted().toArray();
            json.put("backlog_min", sorted.length == 0 ? 0 : sorted[0]);
            json.put("backlog_median", sorted.length == 0 ? 0 : sorted[sorted.length / 2]);
            return json;
        }

        List<String> lines() {
            long[] sorted =
                    backlogs.stream().mapToLong(Long::longValue).sorted().toArray();
            return List.of(
                    "probes: %d jobs, %s key, priority %d, %s/s; backlog when sent: min %d, median %d"
                            .formatted(
                                    probe.jobs(),
                                    probe.sameKey() ? "the flood's" : "another",
                                    probe.priority(),
                                    BenchOptions.formatRate(probe.rate()),
                                    sorted.length == 0 ? 0 : sorted[0],
                                    sorted.length == 0 ? 0 : sorted[sorted.length / 2]),
                    "%-26s %9.1f %9.1f %9.1f %9.1f"
                            .formatted(
                                    "probe submit->start (ms)",
                                    latency.p50Ms(),
                                    latency.p95Ms(),
                                    latency.p99Ms(),
                                    latency.maxMs()));
        }
    }

    private final List<Long> backlogs = new ArrayList<>();
    private final BenchOptions.Probe probe;
    private final PlainHttp http;
    private final URI api;
    private final String adminKey;
    private final Connection connection;

    ProbeJobs(BenchOptions.Probe probe, PlainHttp http, URI api, String adminKey, Connection connection) {
        this.probe = probe;
        this.http = http;
        this.api = api;
        this.adminKey = adminKey;
        this.connection = connection;
    }

    /**
     * Waits until {@code --probe-backlog} jobs wait (or {@code floodDone} says the flood's submission
     * has ended), then submits the probes; returns their ids.
     */
    List<UUID> submit(BooleanSupplier floodDone, AtomicBoolean stop)
            throws IOException, SQLException, InterruptedException {
        String key = probe.sameKey() ? adminKey : createKey();
        while (!stop.get() && !floodDone.getAsBoolean() && backlog() < probe.afterBacklog()) {
            Thread.sleep(100);
        }
        List<UUID> ids = new ArrayList<>();
        long intervalNanos = (long) (1e9 / probe.rate());
        long next = System.nanoTime();
        // Without a priority field at the default, so that a stack from before priorities accepts it too.
        String body = "{\"connector\":\"diagnostics\",\"operation\":\"echo\""
                + (probe.priority() == 5 ? "" : ",\"priority\":" + probe.priority()) + "}";
        for (int i = 0; i < probe.jobs() && !stop.get(); i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            next += intervalNanos;
            backlogs.add(backlog());
            PlainHttp.Response answer =
                    http.post(URI.create(api + JobRequests.SINGLE_PATH), "Bearer " + key, body, TIMEOUT);
            if (answer.statusCode() != 202) {
                throw new IOException("a probe job was refused with " + answer.statusCode() + ": " + answer.body());
            }
            ids.add(UUID.fromString(JSON.readTree(answer.body()).get("task_id").asString()));
        }
        return ids;
    }

    /** The probes' submit-to-start latencies, once they have started. */
    Result result(List<UUID> ids) throws SQLException {
        List<Long> micros = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT created_at, started_at FROM jobs WHERE id = ANY(?) AND started_at IS NOT NULL")) {
            ps.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = ps.executeQuery()) {
                while (rows.next()) {
                    Instant created = rows.getObject(1, OffsetDateTime.class).toInstant();
                    Instant started = rows.getObject(2, OffsetDateTime.class).toInstant();
                    micros.add(Duration.between(created, started).toNanos() / 1_000);
                }
            }
        }
        return new Result(
                probe,
                LatencySummary.ofMicros(
                        micros.stream().mapToLong(Long::longValue).toArray()),
                List.copyOf(backlogs),
                ids);
    }

    /** Jobs submitted and not yet started. */
    private long backlog() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT count(*) FROM jobs WHERE status IN ('PENDING', 'QUEUED', 'RETRY')");
                ResultSet rows = ps.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String createKey() throws IOException {
        PlainHttp.Response answer = http.post(
                URI.create(api + "/api/v1/admin/api-keys"),
                "Bearer " + adminKey,
                "{\"name\":\"bench-probe-" + UUID.randomUUID() + "\",\"role\":\"USER\"}",
                TIMEOUT);
        if (answer.statusCode() != 201) {
            throw new IOException(
                    "could not create the probe tenant's key: " + answer.statusCode() + " " + answer.body());
        }
        JsonNode created = JSON.readTree(answer.body());
        return created.get("key").asString();
    }
}
