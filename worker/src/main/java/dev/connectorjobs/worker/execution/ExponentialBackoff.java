package dev.connectorjobs.worker.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The retry policy of {@code jobs.worker.retry.*}: a retryable failure is retried while the job has
 * retries left, after an exponential backoff with jitter or the {@code Retry-After} the service
 * asked for, whichever is longer; a failure that spends no retry (an open circuit breaker) defers the
 * job for as long as it asked; anything else fails the job.
 *
 * <p>The jitter is "equal jitter" (half fixed, half random) rather than full jitter: full jitter
 * can draw a shorter wait for a later retry, and operators read a shrinking delay as a bug; equal
 * jitter still spreads a burst of failures over half of each step.
 */
final class ExponentialBackoff implements RetryPolicy {

    private final RetryProperties properties;
    private final DoubleSupplier random;

    ExponentialBackoff(RetryProperties properties) {
        this(properties, () -> ThreadLocalRandom.current().nextDouble());
    }

    ExponentialBackoff(RetryProperties properties, DoubleSupplier random) {
        this.properties = properties;
        this.random = random;
    }

    @Override
    public Decision decide(ClaimedJob job, Outcome.Failed failure, Instant now) {
        if (failure.retryable() && !failure.spendsRetry()) {
            return new Defer(now.plus(failure.retryAfter().orElse(Duration.ZERO)));
        }
        if (failure.retryable() && job.retriesUsed() < job.maxRetries()) {
            return new Retry(now.plus(delay(job.retriesUsed(), failure.retryAfter())));
        }
        return new Fail();
    }

    /**
     * The wait before retry number {@code retry} (0 for the first retry).
     *
     * @param retryAfter the wait the external service asked for, honoured up to its cap
     */
    Duration delay(int retry, Optional<Duration> retryAfter) {
        double step = properties.base().toNanos() * Math.pow(properties.factor(), retry);
        double capped = Math.min(step, properties.cap().toNanos());
        Duration backoff = Duration.ofNanos((long) (capped / 2 + random.getAsDouble() * capped / 2));
        Duration asked = retryAfter
                .map(d -> d.compareTo(properties.maxRetryAfter()) > 0 ? properties.maxRetryAfter() : d)
                .orElse(Duration.ZERO);
        return asked.compareTo(backoff) > 0 ? asked : backoff;
    }
}
