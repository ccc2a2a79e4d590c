package dev.connectorjobs.api.limits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code connector_limits} rows; operation {@code ""} stands for the whole connector. */
@Repository
class LimitsRepository {

    private static final String COLUMNS =
            "connector, operation, max_concurrent, max_starts, per_seconds, source, updated_at, updated_by";

    private final JdbcTemplate jdbc;

    LimitsRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<LimitView> all() {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM connector_limits ORDER BY connector, operation", (rs, n) -> view(rs));
    }

    Optional<LimitView> find(String connector, String operation) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM connector_limits WHERE connector = ? AND operation = ?",
                        (rs, n) -> view(rs),
                        connector,
                        operation)
                .stream()
                .findFirst();
    }

    /**
     * Attempts running under each limit: admitted under it (a holder) and their job still STARTED
     * with that attempt, as the workers count them when they admit a claim.
     */
    Map<LimitKey, Integer> running() {
        return counts("""
                SELECT h.connector, h.operation, count(*)
                  FROM limit_holders h
                  JOIN jobs j ON j.id = h.job_id AND j.attempt = h.attempt AND (j.status = 'STARTED') IS TRUE
                 GROUP BY h.connector, h.operation
                """);
    }

    /** Jobs deferred by each concurrency limit and not yet woken (a job revoked meanwhile is not counted). */
    Map<LimitKey, Integer> waiting() {
        return counts("""
                SELECT w.connector, w.operation, count(*)
                  FROM limit_waiters w
                  JOIN jobs j ON j.id = w.job_id AND (j.status = 'RETRY') IS TRUE AND j.dispatch_after IS NULL
                 GROUP BY w.connector, w.operation
                """);
    }

    private Map<LimitKey, Integer> counts(String sql) {
        Map<LimitKey, Integer> counts = new HashMap<>();
        jdbc.query(sql, (ResultSet rs) -> {
            counts.put(new LimitKey(rs.getString(1), rs.getString(2)), rs.getInt(3));
        });
        return counts;
    }

    /** Stores a limit set through the API; it replaces any limit of the same key. */
    LimitView put(String connector, String operation, LimitSpec spec, @Nullable String by, Instant now) {
        upsert(connector, operation, spec, "admin", by, now, false);
        return find(connector, operation).orElseThrow();
    }

    /** Deletes a limit; returns whether there was one. */
    boolean delete(String connector, String operation) {
        return jdbc.update("DELETE FROM connector_limits WHERE connector = ? AND operation = ?", connector, operation)
                > 0;
    }

    /**
     * Makes the configured limits the stored ones, except where an administrator set a limit through
     * the API: configured rows no longer configured are deleted, the others written.
     */
    @Transactional
    void syncConfigured(Map<LimitKey, LimitSpec> configured, Instant now) {
        for (LimitView row : all()) {
            if (row.source().equals("configuration")
                    && !configured.containsKey(
                            new LimitKey(row.connector(), row.operation() == null ? "" : row.operation()))) {
                delete(row.connector(), row.operation() == null ? "" : row.operation());
            }
        }
        configured.forEach(
                (key, spec) -> upsert(key.connector(), key.operation(), spec, "configuration", null, now, true));
    }

    /** Writes the configured limit of a key again (after its API override was deleted). */
    void restoreConfigured(LimitKey key, LimitSpec spec, Instant now) {
        upsert(key.connector(), key.operation(), spec, "configuration", null, now, true);
    }

    private void upsert(
            String connector,
            String operation,
            LimitSpec spec,
            String source,
            @Nullable String by,
            Instant now,
            boolean keepAdmin) {
        jdbc.update(
                """
                INSERT INTO connector_limits (connector, operation, max_concurrent, max_starts, per_seconds, source,
                                              updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (connector, operation) DO UPDATE
                   SET max_concurrent = excluded.max_concurrent, max_starts = excluded.max_starts,
                       per_seconds = excluded.per_seconds, source = excluded.source,
                       updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """ + (keepAdmin ? " WHERE connector_limits.source <> 'admin'" : ""),
                connector,
                operation,
                spec.maxConcurrent(),
                spec.maxStarts(),
                spec.perSeconds(),
                source,
                Timestamp.from(now),
                by);
    }

    private static LimitView view(ResultSet rs) throws SQLException {
        String operation = rs.getString("operation");
        return new LimitView(
                rs.getString("connector"),
                operation.isEmpty() ? null : operation,
                (Integer) rs.getObject("max_concurrent"),
                (Integer) rs.getObject("max_starts"),
                (Integer) rs.getObject("per_seconds"),
                rs.getString("source"),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"));
    }

    /** A limit's key; operation {@code ""} for the whole connector. */
    record LimitKey(String connector, String operation) {}
}
