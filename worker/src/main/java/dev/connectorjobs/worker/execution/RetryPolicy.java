package dev.connectorjobs.worker.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Exponential backoff with jitter. The jitter is "equal jitter" (half fixed, half random) rather than
 * full jitter: full jitter can draw a shorter wait for a later retry, and operators read a shrinking
 * delay as a bug; equal jitter still spreads a burst of failures over half of each step.
 */
@Component
final class RetryPolicy {

    private final RetryProperties properties;
    private final DoubleSupplier random;

    @Autowired
    RetryPolicy(RetryProperties properties) {
        this(properties, () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(RetryProperties properties, DoubleSupplier random) {
        this.properties = properties;
        this.random = random;
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
