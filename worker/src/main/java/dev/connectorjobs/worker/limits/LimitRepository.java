package dev.connectorjobs.worker.limits;

import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.STARTED;

import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.worker.execution.ClaimedJob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The limit tables: limits, the attempts admitted under them, and the jobs waiting for a slot. */
@Repository
class LimitRepository {

    /** An attempt counts as running while its job is STARTED with that attempt, whoever ended it. */
    private static final String RUNNING = """
            SELECT count(*) FROM limit_holders h
              JOIN jobs j ON j.id = h.job_id AND j.attempt = h.attempt AND (j.status = 'STARTED') IS TRUE
             WHERE h.connector = ? AND h.operation = ?
            """;

    private static final String DEFER = """
            UPDATE jobs SET status = 'RETRY', error_type = ?, error_message = ?, dispatch_after = ?, updated_at = ?,
                   lease_expires_at = NULL
             WHERE id = ? AND attempt = ? AND worker_id = ? AND (status = 'STARTED') IS TRUE
            """;

    private static final String DEFERRED_ATTEMPT = """
            INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, error_type,
                                      error_message, duration_ms)
            VALUES (?, ?, ?, ?, ?, 'DEFERRED', ?, ?, 0)
            ON CONFLICT (job_id, attempt) DO NOTHING
            """;

    /**
     * Wakes the next waiters of a limit (highest priority, then longest waiting): they become due for
     * dispatch at once. A waiter whose job was revoked meanwhile is dropped and wakes nothing.
     */
    private static final String WAKE = """
            WITH woken AS (
                DELETE FROM limit_waiters WHERE job_id IN (
                    SELECT job_id FROM limit_waiters WHERE connector = ? AND operation = ?
                     ORDER BY priority DESC, since LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING job_id
            )
            UPDATE jobs j SET dispatch_after = ?, updated_at = ?
              FROM woken
             WHERE j.id = woken.job_id AND (j.status = 'RETRY') IS TRUE AND j.dispatch_after IS NULL
            """;

    static {
        JobTransitions.check(STARTED, RETRY);
    }

    private final JdbcTemplate jdbc;

    LimitRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Limit> all() {
        return jdbc.query(
                "SELECT connector, operation, max_concurrent, max_starts, per_seconds FROM connector_limits",
                (rs, n) -> limit(rs));
    }

    /**
     * Locks the given limits' rows (in key order, so that two workers cannot deadlock) for the rest
     * of the transaction and returns their current values; a limit deleted meanwhile is absent.
     */
    Map<LimitKey, Limit> lock(List<LimitKey> keys) {
        Map<LimitKey, Limit> locked = new TreeMap<>();
        for (LimitKey key : keys.stream().distinct().sorted().toList()) {
            jdbc.query(
                    "SELECT connector, operation, max_concurrent, max_starts, per_seconds FROM connector_limits"
                            + " WHERE connector = ? AND operation = ? FOR UPDATE",
                    (ResultSet rs) -> {
                        locked.put(key, limit(rs));
                    },
                    key.connector(),
                    key.operation());
        }
        return locked;
    }

    /** Attempts admitted under {@code key} that are still running. */
    int running(LimitKey key) {
        Integer count = jdbc.queryForObject(RUNNING, Integer.class, key.connector(), key.operation());
        return count == null ? 0 : count;
    }

    /** Start times under {@code key} after {@code since}, oldest first. */
    List<Instant> startsSince(LimitKey key, Instant since) {
        return jdbc.query(
                "SELECT started_at FROM limit_holders WHERE connector = ? AND operation = ? AND started_at > ?"
                        + " ORDER BY started_at",
                (rs, n) -> rs.getTimestamp(1).toInstant(),
                key.connector(),
                key.operation(),
                Timestamp.from(since));
    }

    /** Drops the holders under {@code key} that neither run nor count as a start after {@code startsAfter}. */
    void prune(LimitKey key, Instant startsAfter) {
        jdbc.update("""
                DELETE FROM limit_holders h
                 WHERE h.connector = ? AND h.operation = ? AND h.started_at <= ?
                   AND NOT EXISTS (SELECT 1 FROM jobs j
                                    WHERE j.id = h.job_id AND j.attempt = h.attempt AND j.status = 'STARTED')
                """, key.connector(), key.operation(), Timestamp.from(startsAfter));
    }

    /**
     * Records admitted attempts under their limits, and moves their start to the time of admission;
     * their leases run {@code lease} from PostgreSQL's {@code now()}.
     */
    void admit(List<Admission> admissions, String workerId, Instant now, Duration lease) {
        List<Object[]> holders = new ArrayList<>();
        List<Object[]> starts = new ArrayList<>();
        for (Admission a : admissions) {
            for (LimitKey key : a.keys()) {
                holders.add(new Object[] {
                    key.connector(), key.operation(), a.job().id(), a.job().attempt(), Timestamp.from(now)
                });
            }
            starts.add(new Object[] {
                Timestamp.from(now), lease.toMillis(), a.job().id(), a.job().attempt(), workerId
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO limit_holders (connector, operation, job_id, attempt, started_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                holders);
        // The claim stamped the attempt with the time of the claim; it really starts now, after the
        // limit allowed it, so that the attempt history never shows it overlapping the one it waited for.
        jdbc.batchUpdate(
                "UPDATE jobs SET started_at = ?, lease_expires_at = now() + ? * interval '1 millisecond'"
                        + " WHERE id = ? AND attempt = ? AND worker_id = ? AND (status = 'STARTED') IS TRUE",
                starts);
    }

    /**
     * Gives a claimed attempt back without running it and without spending a retry: RETRY with a
     * {@code DEFERRED} attempt in its history, due at {@code dueAt}, or (null) waiting to be woken.
     */
    boolean defer(
            ClaimedJob job, String workerId, String errorType, String message, @Nullable Instant dueAt, Instant now) {
        int updated = jdbc.update(
                DEFER,
                errorType,
                message,
                dueAt == null ? null : Timestamp.from(dueAt),
                Timestamp.from(now),
                job.id(),
                job.attempt(),
                workerId);
        if (updated == 0) {
            return false;
        }
        jdbc.update(
                DEFERRED_ATTEMPT,
                job.id(),
                job.attempt(),
                workerId,
                Timestamp.from(now),
                Timestamp.from(now),
                errorType,
                message);
        return true;
    }

    /** Makes {@code job} wait for a slot of {@code key}. */
    void await(LimitKey key, ClaimedJob job, int priority, Instant now) {
        jdbc.update(
                "INSERT INTO limit_waiters (job_id, connector, operation, priority, since) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (job_id) DO UPDATE SET connector = excluded.connector,"
                        + " operation = excluded.operation, since = excluded.since",
                job.id(),
                key.connector(),
                key.operation(),
                priority,
                Timestamp.from(now));
    }

    /** The priority of a job (the claim does not return it; only deferred jobs need it). */
    int priority(ClaimedJob job) {
        Integer priority = jdbc.queryForObject("SELECT priority FROM jobs WHERE id = ?", Integer.class, job.id());
        return priority == null ? 5 : priority;
    }

    /** Wakes up to {@code count} waiters of {@code key}; returns how many jobs became due. */
    int wake(LimitKey key, int count, Instant now) {
        if (count <= 0) {
            return 0;
        }
        return jdbc.update(WAKE, key.connector(), key.operation(), count, Timestamp.from(now), Timestamp.from(now));
    }

    /** Whether any job waits for a slot of {@code key}. */
    boolean hasWaiters(LimitKey key) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM limit_waiters WHERE connector = ? AND operation = ?)",
                Boolean.class,
                key.connector(),
                key.operation()));
    }

    private static Limit limit(ResultSet rs) throws SQLException {
        return new Limit(
                new LimitKey(rs.getString("connector"), rs.getString("operation")),
                (Integer) rs.getObject("max_concurrent"),
                (Integer) rs.getObject("max_starts"),
                (Integer) rs.getObject("per_seconds"));
    }

    /** A claimed attempt the limits let start, and the limits it counts against. */
    record Admission(ClaimedJob job, List<LimitKey> keys) {}
}
