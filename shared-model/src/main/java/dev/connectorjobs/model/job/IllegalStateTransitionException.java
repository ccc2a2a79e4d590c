package dev.connectorjobs.model.job;

/** Thrown when code asks for a job state transition that {@link JobTransitions} does not allow. */
public final class IllegalStateTransitionException extends IllegalStateException {

    private final JobStatus from;
    private final JobStatus to;

    public IllegalStateTransitionException(JobStatus from, JobStatus to) {
        super("A job cannot move from " + from + " to " + to + "; legal targets from " + from + " are "
                + JobTransitions.targetsOf(from));
        this.from = from;
        this.to = to;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
