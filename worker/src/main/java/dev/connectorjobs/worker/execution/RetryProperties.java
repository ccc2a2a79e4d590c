package dev.connectorjobs.worker.execution;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backoff between attempts ({@code jobs.worker.retry.*}). The n-th retry (n from 0) waits between
 * half and all of {@code min(cap, base * factor^n)}, chosen at random, and at least what the
 * external service asked for with {@code Retry-After} (up to {@code max-retry-after}).
 *
 * @param base first backoff step; default 500 ms
 * @param factor growth per retry; default 2
 * @param cap largest backoff step; default 5 min
 * @param maxRetryAfter largest {@code Retry-After} honoured; default 15 min
 */
@ConfigurationProperties("jobs.worker.retry")
public record RetryProperties(
        @DefaultValue("500ms") Duration base,
        @DefaultValue("2") double factor,
        @DefaultValue("5m") Duration cap,
        @DefaultValue("15m") Duration maxRetryAfter) {

    public RetryProperties {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("jobs.worker.retry.base must be positive, was " + base);
        }
        if (factor < 1) {
            throw new IllegalArgumentException("jobs.worker.retry.factor must be at least 1, was " + factor);
        }
    }
}
