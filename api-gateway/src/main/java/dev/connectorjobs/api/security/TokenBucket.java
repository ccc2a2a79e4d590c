package dev.connectorjobs.api.security;

import java.time.Duration;
import java.util.Optional;

/**
 * A token bucket: up to {@code capacity} tokens, refilled continuously at {@code perSecond}. Times
 * are passed in, in nanoseconds of any one monotonic source, so callers choose their clock.
 */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long at;

    TokenBucket(double capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.at = nowNanos;
    }

    /**
     * Takes {@code n} tokens if the bucket holds them.
     *
     * @return empty if taken, else how long until it would hold them (or its capacity, if less)
     */
    synchronized Optional<Duration> take(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return Optional.empty();
        }
        return Optional.of(waitFor(Math.min(n, capacity)));
    }

    /** How long until the bucket holds {@code n} tokens; empty if it does now. Takes nothing. */
    synchronized Optional<Duration> waitUntil(double n, long nowNanos) {
        refill(nowNanos);
        return tokens >= n ? Optional.empty() : Optional.of(waitFor(n));
    }

    /** Takes one token, or the last fraction of one. */
    synchronized void drain(long nowNanos) {
        refill(nowNanos);
        tokens = Math.max(0, tokens - 1);
    }

    /** Whether the bucket is full again, i.e. remembering it tells nothing. */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private Duration waitFor(double n) {
        return Duration.ofNanos((long) Math.ceil(Math.max(0, n - tokens) / perNano));
    }

    private void refill(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - at) * perNano);
        at = nowNanos;
    }
}
