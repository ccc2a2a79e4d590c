package dev.connectorjobs.bench;

/**
 * The job states the bench reasons about, as stored in {@code jobs.status}. They mirror {@code
 * JobStatus} in shared-model, which the devstack does not depend on at run time.
 */
final class JobStates {

    static final String SUCCESS = "SUCCESS";

    /** The outcome the reaper writes for an attempt whose worker's lease expired ({@code job_attempts.outcome}). */
    static final String WORKER_LOST = "WORKER_LOST";

    /** States a job never leaves, as a SQL list. */
    static final String TERMINAL_SQL = "('SUCCESS', 'FAILURE', 'REVOKED')";

    private JobStates() {}
}
