package dev.connectorjobs.worker.execution;

/**
 * Chooses the {@link RetryPolicy} of a job: the one place where a connector or an operation would
 * get a policy of its own (as Temporal chooses {@code RetryOptions} per activity type). Today every
 * job follows the {@link ExponentialBackoff} configured by {@code jobs.worker.retry.*}.
 */
@FunctionalInterface
interface RetryPolicies {

    RetryPolicy forJob(ClaimedJob job);
}
