package dev.connectorjobs.api.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Long-polling status reads ({@code jobs.api.status-wait.*}): {@code GET
 * /api/v1/admin/tasks/{id}/status?wait=30s}.
 *
 * @param checkInterval how often one background check reads the status of every waited-for job (one
 *     query for all of them), so a waiting request is answered at most this long after its job
 *     changes; default 50 ms
 * @param maxWait the longest {@code wait} a request may ask for; default 60 s
 * @param maxWaiting waiting requests one api-gateway holds at most; past it a request gets 429 with
 *     {@code Retry-After}; default 10000
 */
@ConfigurationProperties("jobs.api.status-wait")
public record StatusWaitProperties(
        @DefaultValue("50ms") Duration checkInterval,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("10000") int maxWaiting) {

    /** The name Spring gives this record's bean, for the {@code @Scheduled} expression. */
    static final String BEAN = "jobs.api.status-wait-dev.connectorjobs.api.job.StatusWaitProperties";

    public StatusWaitProperties {
        if (checkInterval.toMillis() < 10 || checkInterval.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException(
                    "jobs.api.status-wait.check-interval must be between 10ms and 5s, was " + checkInterval);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("jobs.api.status-wait.max-wait must be positive, was " + maxWait);
        }
        if (maxWaiting < 1) {
            throw new IllegalArgumentException(
                    "jobs.api.status-wait.max-waiting must be at least 1, was " + maxWaiting);
        }
    }
}
