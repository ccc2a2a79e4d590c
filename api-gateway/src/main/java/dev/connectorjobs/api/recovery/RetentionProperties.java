package dev.connectorjobs.api.recovery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long finished jobs are kept ({@code jobs.api.retention.*}).
 *
 * @param finishedJobs finished jobs (SUCCESS, FAILURE, REVOKED) older than this are deleted with
 *     their attempt history; default 7 days
 * @param interval pause between two sweeps; default 1 min
 * @param batchSize rows one delete statement removes at most, so a sweep never holds long locks or
 *     a long transaction on the hot table; default 5000
 */
@ConfigurationProperties("jobs.api.retention")
public record RetentionProperties(
        @DefaultValue("7d") Duration finishedJobs,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("5000") int batchSize) {

    /**
     * The name of this bean (Spring names a bound record {@code <prefix>-<class name>}), for the
     * {@code @Scheduled} expressions that read its interval; a test checks it.
     */
    static final String BEAN = "jobs.api.retention-dev.connectorjobs.api.recovery.RetentionProperties";

    public RetentionProperties {
        if (finishedJobs.isNegative() || finishedJobs.isZero()) {
            throw new IllegalArgumentException("jobs.api.retention.finished-jobs must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("jobs.api.retention.batch-size must be at least 1");
        }
    }
}
