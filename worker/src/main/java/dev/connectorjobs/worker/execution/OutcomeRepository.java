package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.model.job.JobStatus.FAILURE;
import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.STARTED;
import static dev.connectorjobs.model.job.JobStatus.SUCCESS;

import dev.connectorjobs.model.job.JobTransitions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fenced writes of an attempt's outcome. Every write is conditional on (job, attempt, worker,
 * STARTED): an attempt that was timed out, reaped or revoked meanwhile changes nothing.
 */
@Repository
class OutcomeRepository {

    private static final String FENCE = " WHERE id = ? AND attempt = ? AND worker_id = ? AND status = 'STARTED'";

    static {
        JobTransitions.check(STARTED, SUCCESS);
        JobTransitions.check(STARTED, FAILURE);
        JobTransitions.check(STARTED, RETRY);
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
                                + " error_message = NULL, finished_at = ?, updated_at = ?, lease_expires_at = NULL"
                                + FENCE,
                        resultJson,
                        truncated,
                        ts(now),
                        ts(now),
                        job.id(),
                        job.attempt(),
                        workerId));
    }

    /** Records a failure that will be retried at {@code nextAttemptAt}; false if fenced off. */
    boolean retrying(ClaimedJob job, String workerId, Outcome.Failed failure, Instant nextAttemptAt, Instant now) {
        return write(
                job,
                workerId,
                RETRY.name(),
                failure,
                now,
                () -> jdbc.update(
                        "UPDATE jobs SET status = 'RETRY', retries_used = retries_used + 1, error_type = ?,"
                                + " error_message = ?, next_attempt_at = ?, dispatch_after = ?, updated_at = ?,"
                                + " lease_expires_at = NULL" + FENCE,
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
                                + " updated_at = ?, lease_expires_at = NULL" + FENCE,
                        failure.errorType(),
                        failure.message(),
                        ts(now),
                        ts(now),
                        job.id(),
                        job.attempt(),
                        workerId));
    }

    private boolean write(
            ClaimedJob job,
            String workerId,
            String outcome,
            Outcome.@Nullable Failed failure,
            Instant now,
            java.util.function.IntSupplier update) {
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
