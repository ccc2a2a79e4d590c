package dev.connectorjobs.worker.attempt;

import org.jspecify.annotations.Nullable;

/** Thrown inside a job when its attempt was cancelled (revoked, time limit, shutdown). */
public final class JobCancelledException extends RuntimeException {

    public JobCancelledException(@Nullable String reason) {
        super(reason == null ? "cancelled" : "cancelled: " + reason);
    }
}
