package dev.connectorjobs.worker.attempt;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failure a connector understands: its type says whether another attempt may succeed.
 *
 * <p>Use {@link #retryable} for transient trouble (timeouts, 429, 5xx, connection resets) and
 * {@link #permanent} for what a retry cannot fix (validation, authentication, 4xx).
 */
public class ConnectorException extends RuntimeException {

    private final String errorType;
    private final boolean retryable;
    private final @Nullable Duration retryAfter;
    private final @Nullable Integer httpStatus;

    protected ConnectorException(
            String errorType,
            String message,
            boolean retryable,
            @Nullable Duration retryAfter,
            @Nullable Integer httpStatus,
            @Nullable Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.httpStatus = httpStatus;
    }

    /** A transient failure: another attempt may succeed. */
    public static ConnectorException retryable(String errorType, String message) {
        return new ConnectorException(errorType, message, true, null, null, null);
    }

    /** A transient failure, with the wait the service asked for. */
    public static ConnectorException retryable(
            String errorType, String message, @Nullable Duration retryAfter, @Nullable Integer httpStatus) {
        return new ConnectorException(errorType, message, true, retryAfter, httpStatus, null);
    }

    /** A failure that no retry can fix; the job fails at once. */
    public static ConnectorException permanent(String errorType, String message) {
        return new ConnectorException(errorType, message, false, null, null, null);
    }

    /** A failure that no retry can fix, with the HTTP status that told so. */
    public static ConnectorException permanent(String errorType, String message, @Nullable Integer httpStatus) {
        return new ConnectorException(errorType, message, false, null, httpStatus, null);
    }

    /** Short machine-friendly name, e.g. {@code HttpServerError}, {@code AuthenticationFailed}. */
    public String errorType() {
        return errorType;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /** The wait the external service asked for, if any (e.g. {@code Retry-After}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether the failure uses up one of the job's retries. True for real failures; a subclass
     * returns false when the call was never attempted (an open circuit breaker), so the job waits
     * for the service without losing its budget.
     */
    public boolean spendsRetry() {
        return true;
    }

    /** The HTTP status behind the failure, if there was one. */
    public Optional<Integer> httpStatus() {
        return Optional.ofNullable(httpStatus);
    }
}
