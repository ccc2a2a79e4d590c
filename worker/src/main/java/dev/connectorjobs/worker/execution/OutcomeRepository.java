package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.model.job.JobStatus.FAILURE;
import static dev.connectorjobs.model.job.JobStatus.PENDING;
import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.REVOKED;
import static dev.connectorjobs.model.job.JobStatus.STARTED;
import static dev.connectorjobs.model.job.JobStatus.SUCCESS;

import dev.connectorjobs.model.job.JobTransitions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fenced writes of an attempt's outcome. Every write is conditional on (job, attempt, worker,
 * STARTED): an attempt that was timed out, reaped or revoked meanwhile changes nothing. Each write
 * that applies also records the attempt in {@code job_attempts}, in the same transaction.
 */
@Repository
class OutcomeRepository {

    private static final String FENCE = " WHERE id = ? AND attempt = ? AND worker_id = ? AND status = 'STARTED'";

    static {
        JobTransitions.check(STARTED, SUCCESS);
        JobTransitions.check(STARTED, FAILURE);
        JobTransitions.check(STARTED, RETRY);
        JobTransitions.check(STARTED, PENDING);
        JobTransitions.check(STARTED, REVOKED);
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    OutcomeRepository(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Records success; false if the attempt was fenced off. */
    boolean succeeded(ClaimedJob job, String workerId, @Nullable String resultJson, boolean truncated, Instant now) {
        return write(
                job,
                workerId,
                SUCCESS.name(),
                null,
                now,
                () -> jdbc.update(
                        "UPDATE jobs SET status = 'SUCCESS', result = ?::jsonb, result_truncated = ?, error_type = NULL,"
                                + " error_message = NULL, finished_at = ?, updated_at = ?, lease_expires_at = NULL,"
                                + " lost_count = 0"
                                + FENCE,
                        resultJson,
                        truncated,
                        ts(now),
                        ts(now),
                        job.id(),
                        job.attempt(),
                        workerId));
    }

    /**
     * Records a failure that will be retried at {@code nextAttemptAt}; false if fenced off.
     *
     * @param spendsRetry whether the retry counts against the job's {@code max_retries}
     */
    boolean retrying(
            ClaimedJob job,
            String workerId,
            Outcome.Failed failure,
            Instant nextAttemptAt,
            boolean spendsRetry,
            Instant now) {
        String outcome = spendsRetry ? RETRY.name() : "DEFERRED";
        return write(
                job,
                workerId,
                outcome,
                failure,
                now,
                () -> jdbc.update(
                        "UPDATE jobs SET status = 'RETRY', retries_used = retries_used + ?, error_type = ?,"
                                + " error_message = ?, next_attempt_at = ?, dispatch_after = ?, updated_at = ?,"
                                + " lease_expires_at = NULL, lost_count = 0"
                                + FENCE,
                        spendsRetry ? 1 : 0,
                        failure.errorType(),
                        failure.message(),
                        ts(nextAttemptAt),
                        ts(nextAttemptAt),
                        ts(now),
                        job.id(),
                        job.attempt(),
                        workerId));
    }

    /** Records a final failure; false if fenced off. */
    boolean failed(ClaimedJob job, String workerId, Outcome.Failed failure, Instant now) {
        return write(
                job,
                workerId,
                FAILURE.name(),
                failure,
                now,
                () -> jdbc.update(
                        "UPDATE jobs SET status = 'FAILURE', error_type = ?, error_message = ?, finished_at = ?,"
                                + " updated_at = ?, lease_expires_at = NULL, lost_count = 0"
                                + FENCE,
                        failure.errorType(),
                        failure.message(),
                        ts(now),
                        ts(now),
                        job.id(),
                        job.attempt(),
                        workerId));
    }

    /**
     * Hands a running job back without spending an attempt: it becomes PENDING with the next attempt
     * number and is due for dispatch at once. False if fenced off.
     */
    boolean handedBack(ClaimedJob job, String workerId, String why, Instant now) {
        Outcome.Failed reason = Outcome.Failed.retryable("HandedBack", why);
        return write(
                job,
                workerId,
                "HANDED_BACK",
                reason,
                now,
                () -> jdbc.update(
                        "UPDATE jobs SET status = 'PENDING', attempt = attempt + 1, dispatch_after = ?, updated_at = ?,"
                                + " lease_expires_at = NULL, progress = NULL"
                                + FENCE,
                        ts(now),
                        ts(now),
                        job.id(),
                        job.attempt(),
                        workerId));
    }

    /** Records the end of an attempt whose job was revoked while it ran (the row is already REVOKED). */
    void revoked(ClaimedJob job, String workerId, Instant now) {
        jdbc.update(
                """
                INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, error_type,
                                          error_message, duration_ms)
                SELECT id, attempt, ?, ?, ?, 'REVOKED', 'Revoked', coalesce(revoke_reason, 'revoked'), ?
                  FROM jobs WHERE id = ? AND attempt = ? AND status = 'REVOKED'
                ON CONFLICT (job_id, attempt) DO NOTHING
                """,
                workerId,
                ts(job.startedAt()),
                ts(now),
                Duration.between(job.startedAt(), now).toMillis(),
                job.id(),
                job.attempt());
    }

    /** The current (status, attempt, worker) of the given jobs, to spot attempts that are no longer ours. */
    Map<UUID, Current> current(List<UUID> ids) {
        Map<UUID, Current> result = new java.util.HashMap<>();
        jdbc.query(
                con -> {
                    var ps = con.prepareStatement("SELECT id, status, attempt, worker_id FROM jobs WHERE id = ANY(?)");
                    ps.setArray(1, con.createArrayOf("uuid", ids.toArray()));
                    return ps;
                },
                (java.sql.ResultSet rs) -> {
                    result.put(
                            rs.getObject("id", UUID.class),
                            new Current(rs.getString("status"), rs.getInt("attempt"), rs.getString("worker_id")));
                });
        return result;
    }

    /** A job's current row, as far as ownership goes. */
    record Current(String status, int attempt, @Nullable String workerId) {

        boolean isOwnedBy(ClaimedJob job, String worker) {
            return STARTED.name().equals(status) && attempt == job.attempt() && worker.equals(workerId);
        }
    }

    private boolean write(
            ClaimedJob job,
            String workerId,
            String outcome,
            Outcome.@Nullable Failed failure,
            Instant now,
            IntSupplier update) {
        Boolean applied = transactions.execute(tx -> {
            if (update.getAsInt() != 1) {
                return false;
            }
            jdbc.update(
                    """
                    INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome,
                                              error_type, error_message, http_status, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (job_id, attempt) DO NOTHING
                    """,
                    job.id(),
                    job.attempt(),
                    workerId,
                    ts(job.startedAt()),
                    ts(now),
                    outcome,
                    failure == null ? null : failure.errorType(),
                    failure == null ? null : failure.message(),
                    failure == null ? null : failure.httpStatus().orElse(null),
                    Duration.between(job.startedAt(), now).toMillis());
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    /** Stores progress of a running attempt; ignored if the attempt is no longer current. */
    void progress(ClaimedJob job, String workerId, String progressJson) {
        jdbc.update("UPDATE jobs SET progress = ?::jsonb" + FENCE, progressJson, job.id(), job.attempt(), workerId);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
