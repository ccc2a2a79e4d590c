package dev.connectorjobs.worker.http;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The wait before a retry: {@code base * multiplier^(retry - 1)}, capped, spread at random by
 * {@code jitter} in both directions (0.5 s, 1 s, 2 s, each give or take 20%, by default), and never
 * shorter than what the service asked for with {@code Retry-After}.
 */
final class Backoff {

    private final Duration base;
    private final double multiplier;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    Backoff(HttpClientSettings settings, DoubleSupplier random) {
        this.base = settings.backoffBase();
        this.multiplier = settings.backoffMultiplier();
        this.max = settings.maxBackoff();
        this.jitter = settings.jitter();
        this.random = random;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first).
     *
     * @param retryAfter the wait the service asked for
     */
    Duration delay(int retry, Optional<Duration> retryAfter) {
        double step = Math.min(base.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1)), max.toNanos());
        double spread = step * jitter * (2 * random.getAsDouble() - 1);
        Duration backoff = Duration.ofNanos((long) (step + spread));
        return retryAfter.filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff);
    }
}
