package dev.connectorjobs.api.recovery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sweep that ends expired waiting jobs ({@code jobs.api.expiry.*}).
 *
 * @param interval pause between two sweeps; an expired job that no worker claims ends within about
 *     this long after its expiry (a worker that claims it ends it at once); default 1 s
 * @param batchSize jobs one statement ends at most (a sweep repeats full batches), so a sweep never
 *     holds many row locks or a long transaction; default 500
 */
@ConfigurationProperties("jobs.api.expiry")
public record ExpiryProperties(
        @DefaultValue("1s") Duration interval,
        @DefaultValue("500") int batchSize) {

    /**
     * The name of this bean (Spring names a bound record {@code <prefix>-<class name>}), for the
     * {@code @Scheduled} expression that reads its interval; a test checks it.
     */
    static final String BEAN = "jobs.api.expiry-dev.connectorjobs.api.recovery.ExpiryProperties";

    public ExpiryProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("jobs.api.expiry.interval must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("jobs.api.expiry.batch-size must be at least 1");
        }
    }
}
