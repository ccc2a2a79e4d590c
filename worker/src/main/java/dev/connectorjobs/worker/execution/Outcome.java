package dev.connectorjobs.worker.execution;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** How one attempt ended. */
sealed interface Outcome {

    /** The operation returned a result. */
    record Succeeded(@Nullable Object result) implements Outcome {}

    /**
     * The operation failed.
     *
     * @param errorType short name of the failure, e.g. {@code TimeLimitExceeded}
     * @param message what happened
     * @param retryable whether another attempt may succeed
     * @param retryAfter the wait the external service asked for
     * @param httpStatus the HTTP status behind the failure
     * @param spendsRetry whether a retry after it counts against {@code max_retries}
     */
    record Failed(
            String errorType,
            String message,
            boolean retryable,
            Optional<Duration> retryAfter,
            Optional<Integer> httpStatus,
            boolean spendsRetry)
            implements Outcome {

        static Failed permanent(String errorType, String message) {
            return new Failed(errorType, message, false, Optional.empty(), Optional.empty(), true);
        }

        static Failed retryable(String errorType, String message) {
            return new Failed(errorType, message, true, Optional.empty(), Optional.empty(), true);
        }
    }

    /**
     * The attempt was cancelled and its thread has ended.
     *
     * @param reason why it was cancelled
     */
    record Cancelled(CancelReason reason) implements Outcome {}
}
