package dev.connectorjobs.api.breaker;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads breaker snapshots, live workers and control acknowledgements. */
@Repository
class BreakerRepository {

    /** A live worker: registered, not stopped, heartbeat newer than the given instant. */
    private static final String LIVE = "w.stopped_at IS NULL AND w.last_heartbeat > :liveSince";

    private static final String SNAPSHOTS = """
            SELECT s.worker_id, s.name, s.state, s.failure_count, s.fail_max, s.reset_timeout_ms,
                   s.opened_at, s.last_transition_at, s.last_error, s.updated_at
              FROM breaker_snapshots s JOIN workers w ON w.id = s.worker_id
            """;

    private final JdbcClient jdbc;

    BreakerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Snapshot rows of the workers that are live, all breakers. */
    List<SnapshotRow> liveSnapshots(Instant liveSince) {
        return jdbc.sql(SNAPSHOTS + " WHERE " + LIVE + " ORDER BY s.name, s.worker_id")
                .param("liveSince", Timestamp.from(liveSince))
                .query((rs, n) -> snapshot(rs))
                .list();
    }

    /** Snapshot rows of the workers that are live, breaker {@code name} only. */
    List<SnapshotRow> liveSnapshots(String name, Instant liveSince) {
        return jdbc.sql(SNAPSHOTS + " WHERE s.name = :name AND " + LIVE + " ORDER BY s.worker_id")
                .param("name", name)
                .param("liveSince", Timestamp.from(liveSince))
                .query((rs, n) -> snapshot(rs))
                .list();
    }

    /** Ids of the live workers. */
    List<String> liveWorkers(Instant liveSince) {
        return jdbc.sql("SELECT w.id FROM workers w WHERE " + LIVE + " ORDER BY w.id")
                .param("liveSince", Timestamp.from(liveSince))
                .query((rs, n) -> rs.getString("id"))
                .list();
    }

    /** The acknowledgements of control request {@code requestId}. */
    List<Ack> acks(UUID requestId) {
        return jdbc.sql("SELECT worker_id, applied, detail, acked_at FROM control_acks WHERE request_id = :id")
                .param("id", requestId)
                .query((rs, n) -> new Ack(
                        rs.getString("worker_id"),
                        rs.getBoolean("applied"),
                        rs.getString("detail"),
                        rs.getTimestamp("acked_at").toInstant()))
                .list();
    }

    /** One worker's acknowledgement of a control request. */
    record Ack(String workerId, boolean applied, @Nullable String detail, Instant ackedAt) {}

    private static SnapshotRow snapshot(ResultSet rs) throws SQLException {
        return new SnapshotRow(
                rs.getString("worker_id"),
                rs.getString("name"),
                rs.getString("state"),
                rs.getInt("failure_count"),
                rs.getInt("fail_max"),
                rs.getLong("reset_timeout_ms"),
                instant(rs, "opened_at"),
                instant(rs, "last_transition_at"),
                rs.getString("last_error"),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
