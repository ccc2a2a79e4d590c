package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.model.job.JobStatus.FAILURE;
import static dev.connectorjobs.model.job.JobStatus.PENDING;
import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.STARTED;
import static dev.connectorjobs.model.job.JobStatus.SUCCESS;

import dev.connectorjobs.model.job.JobTransitions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's outcome, not yet written: a fenced update of its job row and, if that applies, its
 * row in {@code job_attempts}. The update is conditional on (job, attempt, worker, STARTED), so an
 * attempt that was timed out, reaped or revoked meanwhile changes nothing. Results and error texts
 * are made storable ({@link StorableText}) here, the one way to the outcome statements.
 *
 * @param kind which update, and so which statement
 * @param outcome the {@code job_attempts.outcome} recorded when the update applies
 * @param values the update's parameters before the fence's
 */
record OutcomeWrite(
        Kind kind,
        ClaimedJob job,
        String workerId,
        String outcome,
        Outcome.@Nullable Failed failure,
        Instant now,
        List<@Nullable Object> values) {

    /**
     * The condition every outcome write is fenced by; its parameters are (id, attempt, worker). The
     * status test is wrapped in {@code IS TRUE} so that the planner finds the row through the
     * primary key: the partial indexes on STARTED rows hold an entry for every job that ever started
     * until vacuum removes it, and a plan that scans one of them reads thousands of dead entries per
     * write (measured: 500 per outcome, 58 M in a 120,000-job run).
     */
    static final String FENCE = " WHERE id = ? AND attempt = ? AND worker_id = ? AND (status = 'STARTED') IS TRUE";

    /** The kinds of update; writes of one kind share a statement and are batched together. */
    enum Kind {
        SUCCESS("UPDATE jobs SET status = 'SUCCESS', result = ?::jsonb, result_truncated = ?, error_type = NULL,"
                + " error_message = NULL, finished_at = ?, updated_at = ?, lease_expires_at = NULL, lost_count = 0"),
        RETRY("UPDATE jobs SET status = 'RETRY', retries_used = retries_used + ?, error_type = ?, error_message = ?,"
                + " next_attempt_at = ?, dispatch_after = ?, updated_at = ?, lease_expires_at = NULL, lost_count = 0"),
        FAILURE("UPDATE jobs SET status = 'FAILURE', error_type = ?, error_message = ?, finished_at = ?,"
                + " updated_at = ?, lease_expires_at = NULL, lost_count = 0"),
        HAND_BACK("UPDATE jobs SET status = 'PENDING', attempt = attempt + 1, dispatch_after = ?, next_attempt_at = ?,"
                + " updated_at = ?,"
                + " lease_expires_at = NULL, progress = NULL");

        private final String sql;

        Kind(String set) {
            this.sql = set + FENCE;
        }

        /** The fenced update; its parameters are a write's {@link #updateArgs()}. */
        String sql() {
            return sql;
        }
    }

    static {
        JobTransitions.check(STARTED, SUCCESS);
        JobTransitions.check(STARTED, FAILURE);
        JobTransitions.check(STARTED, RETRY);
        JobTransitions.check(STARTED, PENDING);
    }

    /** Success, with the serialised result. */
    static OutcomeWrite succeeded(
            ClaimedJob job, String workerId, @Nullable String resultJson, boolean truncated, Instant now) {
        return new OutcomeWrite(
                Kind.SUCCESS,
                job,
                workerId,
                SUCCESS.name(),
                null,
                now,
                values(resultJson == null ? null : StorableText.json(resultJson), truncated, ts(now), ts(now)));
    }

    /**
     * A failure that will be retried at {@code nextAttemptAt}.
     *
     * @param spendsRetry whether the retry counts against the job's {@code max_retries}
     */
    static OutcomeWrite retrying(
            ClaimedJob job,
            String workerId,
            Outcome.Failed failure,
            Instant nextAttemptAt,
            boolean spendsRetry,
            Instant now) {
        Outcome.Failed storable = StorableText.failure(failure);
        return new OutcomeWrite(
                Kind.RETRY,
                job,
                workerId,
                spendsRetry ? RETRY.name() : "DEFERRED",
                storable,
                now,
                values(
                        spendsRetry ? 1 : 0,
                        storable.errorType(),
                        storable.message(),
                        ts(nextAttemptAt),
                        ts(nextAttemptAt),
                        ts(now)));
    }

    /** A final failure. */
    static OutcomeWrite failed(ClaimedJob job, String workerId, Outcome.Failed failure, Instant now) {
        Outcome.Failed storable = StorableText.failure(failure);
        return new OutcomeWrite(
                Kind.FAILURE,
                job,
                workerId,
                FAILURE.name(),
                storable,
                now,
                values(storable.errorType(), storable.message(), ts(now), ts(now)));
    }

    /**
     * A running job handed back without spending an attempt: it becomes PENDING with the next
     * attempt number and is due for dispatch at once.
     */
    static OutcomeWrite handedBack(ClaimedJob job, String workerId, String why, Instant now) {
        return new OutcomeWrite(
                Kind.HAND_BACK,
                job,
                workerId,
                "HANDED_BACK",
                Outcome.Failed.retryable("HandedBack", StorableText.text(why)),
                now,
                values(ts(now), ts(now), ts(now)));
    }

    /** A success's serialised result (null for none); only for {@link Kind#SUCCESS}. */
    @Nullable
    String resultJson() {
        requireKind(Kind.SUCCESS);
        return (String) values.get(0);
    }

    /** Whether a success's result was cut to the size limit; only for {@link Kind#SUCCESS}. */
    boolean resultTruncated() {
        requireKind(Kind.SUCCESS);
        return Boolean.TRUE.equals(values.get(1));
    }

    private void requireKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException("a " + kind + " write has no " + expected + " values");
        }
    }

    /** The parameters of {@link Kind#sql()}: the values, then the fence. */
    @Nullable
    Object[] updateArgs() {
        List<@Nullable Object> args = new ArrayList<>(values);
        args.add(job.id());
        args.add(job.attempt());
        args.add(workerId);
        return args.toArray();
    }

    /** The parameters of the attempt's {@code job_attempts} row, in {@link OutcomeRepository}'s order. */
    @Nullable
    Object[] attemptArgs() {
        return new @Nullable Object[] {
            job.id(),
            job.attempt(),
            workerId,
            ts(job.startedAt()),
            ts(now),
            outcome,
            failure == null ? null : failure.errorType(),
            failure == null ? null : failure.message(),
            failure == null ? null : failure.httpStatus().orElse(null),
            Duration.between(job.startedAt(), now).toMillis()
        };
    }

    private static List<@Nullable Object> values(@Nullable Object... values) {
        List<@Nullable Object> list = new ArrayList<>(values.length);
        for (@Nullable Object value : values) {
            list.add(value);
        }
        return Collections.unmodifiableList(list);
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
