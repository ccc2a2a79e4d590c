package dev.connectorjobs.worker.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's side of cluster-wide limits ({@code jobs.worker.limits.*}).
 *
 * @param recheckInterval how often the worker wakes jobs waiting for a limit's slot, as many as the
 *     limit has free slots, for slots that freed without an outcome on a worker (a revoke, the
 *     reaper); an outcome wakes the next waiter at once. Default 5 s
 */
@ConfigurationProperties("jobs.worker.limits")
public record WorkerLimitProperties(@DefaultValue("5s") Duration recheckInterval) {

    /** The bean name Spring gives this record, for the {@code @Scheduled} expression that reads it. */
    static final String BEAN = "jobs.worker.limits-dev.connectorjobs.worker.limits.WorkerLimitProperties";

    public WorkerLimitProperties {
        if (recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException(
                    "jobs.worker.limits.recheck-interval must be positive, was " + recheckInterval);
        }
    }
}
