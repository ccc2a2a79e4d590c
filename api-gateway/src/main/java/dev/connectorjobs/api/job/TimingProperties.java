package dev.connectorjobs.api.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of delayed and expiring jobs ({@code jobs.api.timing.*}).
 *
 * @param maxDelay how far ahead a submission's {@code countdown} or {@code eta} may reach; default
 *     30 days
 * @param maxExpiry how far ahead a submission's {@code expires} may reach; default 30 days
 */
@ConfigurationProperties("jobs.api.timing")
public record TimingProperties(
        @DefaultValue("30d") Duration maxDelay,
        @DefaultValue("30d") Duration maxExpiry) {

    public TimingProperties {
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("jobs.api.timing.max-delay must be positive");
        }
        if (maxExpiry.isNegative() || maxExpiry.isZero()) {
            throw new IllegalArgumentException("jobs.api.timing.max-expiry must be positive");
        }
    }
}
