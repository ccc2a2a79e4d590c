package dev.connectorjobs.api.workers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.connectorjobs.api.security.RequiresUser;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What runs where: the known workers, and the running jobs grouped by worker. */
@RestController
@RequiresUser
class WorkersController {

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final WorkersProperties properties;
    private final Clock clock;

    WorkersController(JdbcClient jdbc, ObjectMapper mapper, WorkersProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
    }

    record WorkerView(
            @JsonProperty("worker_id") String workerId,
            @JsonProperty("host") String host,
            @JsonProperty("pid") long pid,
            @JsonProperty("queues") List<String> queues,
            @JsonProperty("concurrency") int concurrency,
            @JsonProperty("running") int running,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("last_heartbeat") Instant lastHeartbeat,
            @JsonProperty("stopped_at") @Nullable Instant stoppedAt,
            @JsonProperty("state") String state) {}

    record ActiveTask(
            @JsonProperty("task_id") UUID taskId,
            @JsonProperty("connector") String connector,
            @JsonProperty("operation") String operation,
            @JsonProperty("attempt") int attempt,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("runtime_ms") long runtimeMs,
            @JsonProperty("progress") @Nullable JsonNode progress,
            @JsonProperty("correlation_id") String correlationId) {}

    record ActiveWorker(
            @JsonProperty("worker_id") String workerId,
            @JsonProperty("host") @Nullable String host,
            @JsonProperty("pid") @Nullable Long pid,
            @JsonProperty("last_heartbeat") @Nullable Instant lastHeartbeat,
            @JsonProperty("stale") boolean stale,
            @JsonProperty("tasks") List<ActiveTask> tasks) {}

    @GetMapping("/api/v1/admin/workers")
    Map<String, Object> workers() {
        Instant now = clock.instant();
        List<WorkerView> workers =
                jdbc.sql("""
                        SELECT id, host, pid, queues, concurrency, running, started_at, last_heartbeat, stopped_at
                          FROM workers ORDER BY id
                        """).query((rs, n) -> worker(rs, now)).list();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("workers", workers);
        answer.put("total", workers.size());
        answer.put(
                "active",
                workers.stream().filter(w -> w.state().equals("active")).count());
        return answer;
    }

    @GetMapping("/api/v1/admin/tasks/active")
    Map<String, Object> active() {
        Instant now = clock.instant();
        Map<String, ActiveWorker> byWorker = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT j.id, j.connector, j.operation, j.attempt, j.started_at, j.progress::text AS progress,
                               j.correlation_id, j.worker_id, w.host, w.pid, w.last_heartbeat, w.stopped_at
                          FROM jobs j LEFT JOIN workers w ON w.id = j.worker_id
                         WHERE j.status = 'STARTED'
                         ORDER BY j.worker_id, j.started_at
                        """).query((ResultSet rs) -> {
            String workerId = rs.getString("worker_id");
            Instant heartbeat = instant(rs, "last_heartbeat");
            ActiveWorker worker = byWorker.computeIfAbsent(
                    workerId,
                    id -> new ActiveWorker(
                            id,
                            string(rs, "host"),
                            heartbeat == null ? null : longValue(rs, "pid"),
                            heartbeat,
                            heartbeat == null || isStale(heartbeat, now) || stopped(rs),
                            new ArrayList<>()));
            Instant started = instant(rs, "started_at");
            String progress = rs.getString("progress");
            worker.tasks()
                    .add(new ActiveTask(
                            rs.getObject("id", UUID.class),
                            rs.getString("connector"),
                            rs.getString("operation"),
                            rs.getInt("attempt"),
                            started,
                            started == null
                                    ? 0
                                    : Math.max(0, Duration.between(started, now).toMillis()),
                            progress == null ? null : mapper.readTree(progress),
                            rs.getString("correlation_id")));
        });
        int total = byWorker.values().stream().mapToInt(w -> w.tasks().size()).sum();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("workers", List.copyOf(byWorker.values()));
        answer.put("total", total);
        return answer;
    }

    private WorkerView worker(ResultSet rs, Instant now) throws SQLException {
        Instant heartbeat = instant(rs, "last_heartbeat");
        Instant stoppedAt = instant(rs, "stopped_at");
        String state =
                stoppedAt != null ? "stopped" : heartbeat == null || isStale(heartbeat, now) ? "stale" : "active";
        Array queues = rs.getArray("queues");
        return new WorkerView(
                rs.getString("id"),
                rs.getString("host"),
                rs.getLong("pid"),
                Arrays.asList((String[]) queues.getArray()),
                rs.getInt("concurrency"),
                rs.getInt("running"),
                instant(rs, "started_at"),
                heartbeat,
                stoppedAt,
                state);
    }

    private boolean isStale(Instant heartbeat, Instant now) {
        return heartbeat.plus(properties.staleAfter()).isBefore(now);
    }

    private static boolean stopped(ResultSet rs) {
        try {
            return rs.getTimestamp("stopped_at") != null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable String string(ResultSet rs, String column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long longValue(ResultSet rs, String column) {
        try {
            return rs.getLong(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
