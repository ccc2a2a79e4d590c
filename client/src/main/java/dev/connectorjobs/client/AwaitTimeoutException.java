package dev.connectorjobs.client;

/**
 * {@link ConnectorJobsClient#await} reached its deadline before the task finished. The task keeps
 * running; {@link #lastStatus()} is what was last seen.
 */
public final class AwaitTimeoutException extends ConnectorJobsException {

    private static final long serialVersionUID = 1L;

    private final transient TaskStatus lastStatus;

    AwaitTimeoutException(TaskStatus lastStatus) {
        super("Task " + lastStatus.taskId() + " is still " + lastStatus.status()
                + " at the deadline; wait longer or check it later with status()");
        this.lastStatus = lastStatus;
    }

    /** The task's status when the deadline passed. */
    public TaskStatus lastStatus() {
        return lastStatus;
    }
}
