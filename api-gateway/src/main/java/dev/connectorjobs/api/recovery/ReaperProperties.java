package dev.connectorjobs.api.recovery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reaper of lost attempts ({@code jobs.api.reaper.*}).
 *
 * @param interval pause between two sweeps for expired leases; default 5 s
 * @param batchSize leases one sweep reaps at most; default 200
 * @param poisonThreshold consecutive lost workers after which a job fails with {@code PoisonJob}
 *     instead of running again; default 3
 */
@ConfigurationProperties("jobs.api.reaper")
public record ReaperProperties(
        @DefaultValue("5s") Duration interval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("3") int poisonThreshold) {

    /**
     * The name of this bean (Spring names a bound record {@code <prefix>-<class name>}), for the
     * {@code @Scheduled} expressions that read its interval; a test checks it.
     */
    static final String BEAN = "jobs.api.reaper-dev.connectorjobs.api.recovery.ReaperProperties";

    public ReaperProperties {
        if (poisonThreshold < 1) {
            throw new IllegalArgumentException("jobs.api.reaper.poison-threshold must be at least 1");
        }
    }
}
