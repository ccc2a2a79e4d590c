package dev.connectorjobs.api.breaker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Breaker status and commands ({@code jobs.api.breakers.*}). Which workers are live is {@code
 * jobs.api.worker-stale-after} ({@link dev.connectorjobs.api.workers.WorkersProperties}).
 *
 * @param ackTimeout how long a command waits for the live workers' acknowledgements when the
 *     request names no {@code wait}; default 3 s
 * @param maxAckTimeout the longest {@code wait} a request may ask for; default 30 s
 * @param ackPollInterval pause between two reads of the acknowledgements; default 50 ms
 * @param sendTimeout how long a command waits for the broker to accept the control message before
 *     answering 503; default 10 s
 */
@ConfigurationProperties("jobs.api.breakers")
public record BreakerAdminProperties(
        @DefaultValue("3s") Duration ackTimeout,
        @DefaultValue("30s") Duration maxAckTimeout,
        @DefaultValue("50ms") Duration ackPollInterval,
        @DefaultValue("10s") Duration sendTimeout) {

    public BreakerAdminProperties {
        requirePositive("ack-poll-interval", ackPollInterval);
        requirePositive("send-timeout", sendTimeout);
        if (ackTimeout.isNegative() || ackTimeout.compareTo(maxAckTimeout) > 0) {
            throw new IllegalArgumentException("jobs.api.breakers.ack-timeout (" + ackTimeout
                    + ") must be between 0 and jobs.api.breakers.max-ack-timeout (" + maxAckTimeout + ")");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("jobs.api.breakers." + name + " must be positive, was " + value);
        }
    }
}
