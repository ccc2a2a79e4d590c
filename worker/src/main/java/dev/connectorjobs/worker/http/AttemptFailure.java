package dev.connectorjobs.worker.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One attempt failed in a way the service's breaker records: an I/O error, or a status that means
 * the service is in trouble (5xx, 408, 429). Internal: it never leaves the client, which turns the
 * last one into a response or a {@code ConnectorException}. The message is safe to log.
 */
final class AttemptFailure extends RuntimeException {

    private final @Nullable HttpResult result;
    private final @Nullable IOException ioError;
    private final boolean retryable;
    private final @Nullable Duration retryAfter;

    private AttemptFailure(
            String message,
            @Nullable HttpResult result,
            @Nullable IOException ioError,
            boolean retryable,
            @Nullable Duration retryAfter) {
        super(message, null, false, false);
        this.result = result;
        this.ioError = ioError;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    static AttemptFailure status(HttpResult result, boolean retryable, Optional<Duration> retryAfter) {
        return new AttemptFailure(
                "HTTP " + result.status() + " " + result.reasonPhrase(),
                result,
                null,
                retryable,
                retryAfter.orElse(null));
    }

    static AttemptFailure io(IOException error, boolean retryable) {
        return new AttemptFailure(
                error.getClass().getSimpleName() + ": " + HttpFailures.scrub(error.getMessage()),
                null,
                error,
                retryable,
                null);
    }

    /** The answer, when the service answered. */
    Optional<HttpResult> result() {
        return Optional.ofNullable(result);
    }

    /** The I/O error, when the service did not answer. */
    Optional<IOException> ioError() {
        return Optional.ofNullable(ioError);
    }

    /** Whether the client may try again. */
    boolean isRetryable() {
        return retryable;
    }

    /** The wait the service asked for. */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
