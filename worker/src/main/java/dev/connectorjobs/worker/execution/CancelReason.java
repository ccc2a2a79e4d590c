package dev.connectorjobs.worker.execution;

/** Why the runner cancelled an attempt; decides what is recorded when its thread ends. */
public enum CancelReason {
    /** A user revoked the job; the row is already REVOKED. */
    REVOKED("revoked"),
    /** The soft time limit passed: the job is asked to clean up before the hard limit. */
    SOFT_TIME_LIMIT("soft time limit reached"),
    /** The hard time limit passed; {@code TimeLimitExceeded} is already recorded. */
    HARD_TIME_LIMIT("hard time limit reached"),
    /** The worker is shutting down and handed the job back. */
    SHUTDOWN("worker shutting down"),
    /** The database says this attempt is no longer current (reaped, superseded). */
    SUPERSEDED("attempt no longer current"),
    /**
     * The worker could not renew the attempt's lease (PostgreSQL unreachable) and the lease is about
     * to end: the reaper may hand the job to another worker, so this attempt stops and records
     * nothing.
     */
    LEASE_LOST("lease could not be renewed before it ended");

    private final String description;

    CancelReason(String description) {
        this.description = description;
    }

    /** Human wording, passed to the job as the cancellation reason. */
    public String description() {
        return description;
    }
}
