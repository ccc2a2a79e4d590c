package dev.connectorjobs.client;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * 429 Too Many Requests, still so after the client's bounded retries (or with a {@code Retry-After}
 * longer than it may wait). Slow down; {@link #retryAfter()} says for how long.
 */
public final class RateLimitedException extends ApiException {

    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    RateLimitedException(Problem problem) {
        super(problem);
        this.retryAfter = problem.retryAfter();
    }

    /** The server's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
