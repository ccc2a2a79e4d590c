package dev.connectorjobs.client;

import org.jspecify.annotations.Nullable;

/**
 * 409 Conflict: the request does not fit the task's state, e.g. revoking a task that already
 * finished; {@link #currentStatus()} says which state it is in.
 */
public final class ConflictException extends ApiException {

    private static final long serialVersionUID = 1L;

    ConflictException(Problem problem) {
        super(problem);
    }

    /** The task's status as the problem's {@code current_status} gives it; null when absent. */
    public @Nullable String currentStatus() {
        return problem() == null || !problem().path("current_status").isString()
                ? null
                : problem().path("current_status").asString();
    }
}
