package dev.connectorjobs.api.workers;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows behind the workers views: every known worker, and the running jobs with their worker. */
@Repository
class WorkersRepository {

    private final JdbcClient jdbc;

    WorkersRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A worker as it registered and last heartbeated. */
    record WorkerRow(
            String id,
            String host,
            long pid,
            List<String> queues,
            int concurrency,
            int running,
            Instant startedAt,
            Instant lastHeartbeat,
            @Nullable Instant stoppedAt) {}

    /** A running job, with what is known of the worker that runs it (nothing if it never registered). */
    record RunningJob(
            UUID id,
            String connector,
            String operation,
            int attempt,
            @Nullable Instant startedAt,
            @Nullable String progress,
            String correlationId,
            String workerId,
            @Nullable String host,
            @Nullable Long pid,
            @Nullable Instant lastHeartbeat,
            boolean workerStopped) {}

    /** Every known worker, by id. */
    List<WorkerRow> workers() {
        return jdbc.sql("""
                        SELECT id, host, pid, queues, concurrency, running, started_at, last_heartbeat, stopped_at
                          FROM workers ORDER BY id
                        """)
                .query((rs, n) -> {
                    Array queues = rs.getArray("queues");
                    return new WorkerRow(
                            rs.getString("id"),
                            rs.getString("host"),
                            rs.getLong("pid"),
                            Arrays.asList((String[]) queues.getArray()),
                            rs.getInt("concurrency"),
                            rs.getInt("running"),
                            rs.getTimestamp("started_at").toInstant(),
                            rs.getTimestamp("last_heartbeat").toInstant(),
                            instant(rs, "stopped_at"));
                })
                .list();
    }

    /** Every job in {@code STARTED}, by worker and then start time. */
    List<RunningJob> runningJobs() {
        return jdbc.sql("""
                        SELECT j.id, j.connector, j.operation, j.attempt, j.started_at, j.progress::text AS progress,
                               j.correlation_id, j.worker_id, w.host, w.pid, w.last_heartbeat, w.stopped_at
                          FROM jobs j LEFT JOIN workers w ON w.id = j.worker_id
                         WHERE j.status = 'STARTED'
                         ORDER BY j.worker_id, j.started_at
                        """)
                .query((rs, n) -> {
                    Instant heartbeat = instant(rs, "last_heartbeat");
                    return new RunningJob(
                            rs.getObject("id", UUID.class),
                            rs.getString("connector"),
                            rs.getString("operation"),
                            rs.getInt("attempt"),
                            instant(rs, "started_at"),
                            rs.getString("progress"),
                            rs.getString("correlation_id"),
                            rs.getString("worker_id"),
                            rs.getString("host"),
                            heartbeat == null ? null : rs.getLong("pid"),
                            heartbeat,
                            rs.getTimestamp("stopped_at") != null);
                })
                .list();
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
