package dev.connectorjobs.testing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads job rows and attempt history straight from the test database, for assertions. */
public final class JobRows {

    /** A job row, as stored. */
    public record JobRow(
            UUID id,
            String status,
            int attempt,
            int retriesUsed,
            @Nullable String result,
            @Nullable String errorType,
            @Nullable String errorMessage,
            @Nullable String workerId,
            @Nullable Instant nextAttemptAt,
            @Nullable Instant publishedAt,
            @Nullable Instant dispatchAfter) {}

    /** One recorded attempt. */
    public record AttemptRow(
            int attempt,
            String workerId,
            String outcome,
            @Nullable String errorType,
            Instant startedAt,
            Instant finishedAt,
            long durationMs) {}

    private JobRows() {}

    private static JdbcTemplate jdbc() {
        return new JdbcTemplate(TestDatabase.get().dataSource());
    }

    /** The row of job {@code id}; throws if there is none. */
    public static JobRow job(UUID id) {
        return jdbc().queryForObject(
                        """
                        SELECT id, status, attempt, retries_used, result::text AS result, error_type, error_message,
                               worker_id, next_attempt_at, published_at, dispatch_after
                          FROM jobs WHERE id = ?
                        """,
                        (rs, n) -> new JobRow(
                                rs.getObject("id", UUID.class),
                                rs.getString("status"),
                                rs.getInt("attempt"),
                                rs.getInt("retries_used"),
                                rs.getString("result"),
                                rs.getString("error_type"),
                                rs.getString("error_message"),
                                rs.getString("worker_id"),
                                instant(rs, "next_attempt_at"),
                                instant(rs, "published_at"),
                                instant(rs, "dispatch_after")),
                        id);
    }

    /** How many job rows have this id (0 or 1). */
    public static int count(UUID id) {
        Integer n = jdbc().queryForObject("SELECT count(*) FROM jobs WHERE id = ?", Integer.class, id);
        return n == null ? 0 : n;
    }

    /** How many job rows exist in total. */
    public static long total() {
        Long n = jdbc().queryForObject("SELECT count(*) FROM jobs", Long.class);
        return n == null ? 0 : n;
    }

    /** The recorded attempts of job {@code id}, oldest first. */
    public static List<AttemptRow> attempts(UUID id) {
        return jdbc().query(
                        """
                        SELECT attempt, worker_id, outcome, error_type, started_at, finished_at, duration_ms
                          FROM job_attempts WHERE job_id = ? ORDER BY attempt
                        """,
                        (rs, n) -> new AttemptRow(
                                rs.getInt("attempt"),
                                rs.getString("worker_id"),
                                rs.getString("outcome"),
                                rs.getString("error_type"),
                                rs.getTimestamp("started_at").toInstant(),
                                rs.getTimestamp("finished_at").toInstant(),
                                rs.getLong("duration_ms")),
                        id);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
