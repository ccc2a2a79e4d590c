package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.config.WorkerProperties;
import dev.connectorjobs.worker.database.DatabaseGuard;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Records how an attempt ended, through the fenced {@link OutcomeWrite}s: SUCCESS with its result;
 * after a failure, what the job's {@link RetryPolicy} decides (RETRY, spending a retry or not, or
 * FAILURE); the end of a cancelled attempt; or a job handed back on shutdown. Also stores the
 * progress running attempts report.
 *
 * <p>An outcome is recorded exactly once or, while the database is unreachable, retried for up to
 * {@code jobs.worker.outcome-retry-timeout}, also past the job's lease; if the reaper handed the job
 * on meanwhile, the write is fenced off and the lost attempt's history says how it had ended. An outcome that can never
 * be stored is different: a result that cannot be serialised, or values PostgreSQL refuses ({@link
 * StoreRefusal}), would fail the same way on every try and leave the job STARTED for the reaper to
 * run again, repeating its side effects. Such an attempt ends FAILURE with the permanent error
 * {@value #NOT_STORED} instead, saying why.
 */
@Component
final class OutcomeRecorder implements OutcomeSink, ProgressWriter {

    /** The error type of an attempt whose outcome could not be stored. */
    static final String NOT_STORED = "OutcomeNotStored";

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final OutcomeWriter writer;
    private final OutcomeRepository outcomes;
    private final RetryPolicies retryPolicies;
    private final WorkerProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final DatabaseGuard database;
    private final JobMetrics metrics;

    OutcomeRecorder(
            OutcomeWriter writer,
            OutcomeRepository outcomes,
            RetryPolicies retryPolicies,
            WorkerProperties properties,
            ObjectMapper mapper,
            Clock clock,
            DatabaseGuard database,
            JobMetrics metrics) {
        this.metrics = metrics;
        this.writer = writer;
        this.outcomes = outcomes;
        this.retryPolicies = retryPolicies;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
        this.database = database;
    }

    /**
     * Records the outcome of the attempt {@code job}.
     *
     * @throws RuntimeException when it could not be written: the database stayed unreachable until
     *     the lease would have expired, or the write failed for a reason other than its values
     */
    @Override
    public void record(ClaimedJob job, Outcome outcome) {
        Instant now = clock.instant();
        Instant giveUpAt = now.plus(properties.outcomeRetryTimeout());
        boolean applied;
        try {
            // A database outage must not lose the outcome: retry, also past the lease (the heartbeat
            // renews it once PostgreSQL answers; a reaper cut off too has not handed the job on). The
            // writer's batch counts against the breaker, once for all the outcomes in it.
            applied = database.retryGuardedUntil(() -> apply(job, outcome, now), giveUpAt);
        } catch (RuntimeException e) {
            Optional<String> refusal = StoreRefusal.reason(e);
            if (refusal.isEmpty()) {
                throw e;
            }
            // Not the exception: its message may quote the values, i.e. the job's data.
            log.error("PostgreSQL refused the outcome ({}); the job fails instead of running again", refusal.get());
            Outcome.Failed notStored = notStored(outcome, "PostgreSQL refused it (" + refusal.get() + ")");
            applied = database.retryGuardedUntil(
                    () -> written(OutcomeWrite.failed(job, properties.workerId(), notStored, now)), giveUpAt);
        }
        if (!applied && !notedAsLate(job, outcome)) {
            log.info("Outcome of a superseded attempt ignored (revoked, timed out or reaped meanwhile)");
        }
    }

    /**
     * Hands the job of an attempt that is still running back to the queue without spending an
     * attempt: the worker is shutting down.
     *
     * @return whether it applied; false when the attempt was fenced off
     * @throws RuntimeException when it could not be written
     */
    boolean handBack(ClaimedJob job) {
        String worker = properties.workerId();
        return writer.write(OutcomeWrite.handedBack(job, worker, "worker " + worker + " shut down", clock.instant()));
    }

    /**
     * Records the end of an attempt whose job was revoked (the row already says REVOKED) after its
     * time limit or the drain had ended it.
     */
    void recordRevoked(ClaimedJob job) {
        Instant now = clock.instant();
        if (outcomes.revoked(job, properties.workerId(), now)) {
            metrics.ended(job, JobMetrics.AttemptEnd.REVOKED, now);
        }
    }

    /** Stores progress, made storable; a failed write is only logged. */
    @Override
    public void write(ClaimedJob job, Map<String, Object> progress) {
        try {
            outcomes.progress(job, properties.workerId(), mapper.writeValueAsString(progress));
        } catch (RuntimeException e) {
            log.debug("Progress write failed: {}", e.toString());
        }
    }

    private boolean apply(ClaimedJob job, Outcome outcome, Instant now) {
        return switch (outcome) {
            case Outcome.Succeeded s -> written(succeeded(job, s, now));
            case Outcome.Failed f -> written(failed(job, f, now));
            case Outcome.Cancelled c -> recordCancelled(job, c.reason(), now);
        };
    }

    /** Writes {@code write} and, when it applied, counts how its attempt ended. */
    private boolean written(OutcomeWrite write) {
        boolean applied = writer.write(write);
        if (applied) {
            metrics.written(write);
        }
        return applied;
    }

    /** The failure's write, as the job's retry policy decides. */
    private OutcomeWrite failed(ClaimedJob job, Outcome.Failed f, Instant now) {
        String worker = properties.workerId();
        return switch (retryPolicies.forJob(job).decide(job, f, now)) {
            case RetryPolicy.Defer defer -> {
                log.info("Job deferred by {} ({}) until {}; no retry spent", f.errorType(), f.message(), defer.until());
                yield OutcomeWrite.retrying(job, worker, f, defer.until(), false, now);
            }
            case RetryPolicy.Retry retry -> {
                log.info(
                        "Job failed with {} ({}); retry {} of {} at {}",
                        f.errorType(),
                        f.message(),
                        job.retriesUsed() + 1,
                        job.maxRetries(),
                        retry.at());
                yield OutcomeWrite.retrying(job, worker, f, retry.at(), true, now);
            }
            case RetryPolicy.Fail fail -> {
                log.info("Job failed with {} ({}); no retry left or not retryable", f.errorType(), f.message());
                yield OutcomeWrite.failed(job, worker, f, now);
            }
        };
    }

    /** The success's write; FAILURE when its result cannot be serialised, which no retry changes. */
    private OutcomeWrite succeeded(ClaimedJob job, Outcome.Succeeded success, Instant now) {
        try {
            Result result = serialize(success.result());
            return OutcomeWrite.succeeded(job, properties.workerId(), result.json(), result.truncated(), now);
        } catch (JacksonException e) {
            log.error("The job's result cannot be serialised as JSON; the job fails instead of running again", e);
            Outcome.Failed notStored =
                    notStored(success, "it cannot be serialised as JSON (" + e.getOriginalMessage() + ")");
            return OutcomeWrite.failed(job, properties.workerId(), notStored, now);
        }
    }

    private boolean recordCancelled(ClaimedJob job, CancelReason reason, Instant now) {
        return switch (reason) {
            case SOFT_TIME_LIMIT, HARD_TIME_LIMIT ->
                written(OutcomeWrite.failed(job, properties.workerId(), TimeLimits.exceeded(job), now));
            case REVOKED ->
                database.run(() -> {
                    if (outcomes.revoked(job, properties.workerId(), now)) {
                        metrics.ended(job, JobMetrics.AttemptEnd.REVOKED, now);
                    }
                    return true;
                });
            case SHUTDOWN, SUPERSEDED, LEASE_LOST -> false;
        };
    }

    /**
     * Whether the reaper had taken the attempt whose outcome was fenced off; its history then says
     * how the attempt had really ended. Best effort: the outcome itself is lost either way.
     */
    private boolean notedAsLate(ClaimedJob job, Outcome outcome) {
        if (outcome instanceof Outcome.Cancelled) {
            return false;
        }
        try {
            if (database.run(() -> outcomes.lateForLostAttempt(job, properties.workerId(), describe(outcome)))) {
                log.warn("The attempt's outcome came after the reaper had handed the job on: noted in the lost"
                        + " attempt's history; the job runs again");
                return true;
            }
        } catch (RuntimeException e) {
            log.debug("Could not note the late outcome in the lost attempt's history: {}", e.toString());
        }
        return false;
    }

    /** How an attempt ended, in a few words, for the history of an attempt the reaper took. */
    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Succeeded s -> "SUCCESS";
            case Outcome.Failed f -> "FAILURE (" + f.errorType() + ")";
            case Outcome.Cancelled c -> "cancelled (" + c.reason().description() + ")";
        };
    }

    private static Outcome.Failed notStored(Outcome outcome, String why) {
        String what = outcome instanceof Outcome.Succeeded ? "result" : "outcome";
        return Outcome.Failed.permanent(
                NOT_STORED,
                "The job ran, but its " + what + " could not be stored: " + why
                        + ". It is not run again, so that its effects are not repeated; check what the service"
                        + " returned and make the connector's " + what + " storable before resubmitting");
    }

    private record Result(@Nullable String json, boolean truncated) {}

    /** The result as stored: JSON made storable, or a summary when it is larger than allowed. */
    private Result serialize(@Nullable Object result) {
        if (result == null) {
            return new Result(null, false);
        }
        String json = StorableText.json(mapper.writeValueAsString(result));
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size <= properties.maxResultBytes()) {
            return new Result(json, false);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("truncated", true);
        summary.put("size_bytes", size);
        summary.put("limit_bytes", properties.maxResultBytes());
        summary.put("preview", json.substring(0, Math.min(json.length(), 1024)));
        return new Result(mapper.writeValueAsString(summary), true);
    }
}
