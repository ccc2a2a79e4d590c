package dev.connectorjobs.worker.execution;

import java.time.Instant;

/**
 * Decides what follows a failed attempt, as db-scheduler's {@code FailureHandler} and Temporal's
 * {@code RetryOptions} do: another attempt at some instant, spending one of the job's retries or
 * not, or the end of the job. Whether a failure is worth another attempt at all is the failure's
 * own property ({@link Outcome.Failed#retryable()}, {@link Outcome.Failed#spendsRetry()}); a policy
 * decides when, and for how long.
 *
 * <p>A job's policy is looked up through {@link RetryPolicies}.
 */
interface RetryPolicy {

    /**
     * What follows {@code failure}, the outcome of the attempt {@code job}, which failed at {@code
     * now}.
     */
    Decision decide(ClaimedJob job, Outcome.Failed failure, Instant now);

    /** What follows a failed attempt. */
    sealed interface Decision {}

    /**
     * Another attempt at {@code at}, spending one of the job's retries.
     *
     * @param at when the job is due again
     */
    record Retry(Instant at) implements Decision {}

    /**
     * Another attempt at {@code until}, spending none of the job's retries: the call never reached
     * the service (an open circuit breaker), so the job waits for the service instead.
     *
     * @param until when the job is due again
     */
    record Defer(Instant until) implements Decision {}

    /** No further attempt: the job ends FAILURE. */
    record Fail() implements Decision {}
}
