package dev.connectorjobs.model.job;

/**
 * The lifecycle states of a connector job, named as Celery names them because the API speaks them.
 *
 * <p>Which moves between states are legal is decided in exactly one place, {@link JobTransitions}.
 */
public enum JobStatus {
    /** Accepted and stored; not yet confirmed on Kafka, or not yet due. */
    PENDING,
    /** Published to the queue's Kafka topic and waiting for a worker. */
    QUEUED,
    /** Claimed by one worker attempt, which holds a lease on it. */
    STARTED,
    /** Waiting for its next attempt at {@code next_attempt_at}. */
    RETRY,
    /** Finished with a result. Terminal. */
    SUCCESS,
    /**
     * Finished with an error after its retries were spent, or with a permanent error. Terminal; may be
     * re-driven.
     */
    FAILURE,
    /**
     * Revoked by a user, or expired before it started (reason {@code expired}); it does not run
     * again unless it is re-driven. Terminal.
     */
    REVOKED;

    /** Whether the job's lifecycle ended here: only an explicit re-drive leaves this state. */
    public boolean isTerminal() {
        return JobTransitions.isTerminal(this);
    }

    /** Whether the transition table allows moving from this state to {@code target}. */
    public boolean canMoveTo(JobStatus target) {
        return JobTransitions.isAllowed(this, target);
    }
}
