package dev.connectorjobs.api.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publication of jobs to Kafka ({@code jobs.api.dispatch.*}).
 *
 * @param publishGrace how long after commit the fast path has to confirm a publication before the
 *     sweep publishes the row again; default 5 s
 * @param sweepInterval pause between two sweeps of due rows; default 1 s
 * @param sweepBatchSize rows one sweep publishes at most; default 500
 * @param sendTimeout how long a sweep waits for the broker to acknowledge its batch before taking
 *     the next one; default 10 s
 * @param confirmInterval how long after the broker's acknowledgement a publication is confirmed
 *     (PENDING to QUEUED); a job claimed sooner needs no confirmation write. Less than half of
 *     {@code publish-grace}; default 1 s
 * @param confirmBatchSize most confirmations written in one statement; default 1000
 * @param republishAfter how long a confirmed job (QUEUED) may stay unclaimed before it is published
 *     again, in case its record was lost (a broker that lost acknowledged records, a topic deleted
 *     or truncated); checked every fifth of it, at most {@code sweep-batch-size} jobs at a time. A
 *     job that only waits behind a backlog is published again too, and the duplicate claims
 *     nothing; set it above the queue wait you expect; default 5 min
 */
@ConfigurationProperties("jobs.api.dispatch")
public record DispatchProperties(
        @DefaultValue("5s") Duration publishGrace,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("500") int sweepBatchSize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("1s") Duration confirmInterval,
        @DefaultValue("1000") int confirmBatchSize,
        @DefaultValue("5m") Duration republishAfter) {

    /**
     * The name of this bean (Spring names a bound record {@code <prefix>-<class name>}), for the
     * {@code @Scheduled} expressions that read its interval; a test checks it.
     */
    static final String BEAN = "jobs.api.dispatch-dev.connectorjobs.api.dispatch.DispatchProperties";

    public DispatchProperties {
        if (republishAfter.compareTo(publishGrace) <= 0) {
            throw new IllegalArgumentException("jobs.api.dispatch.republish-after (" + republishAfter
                    + ") must be longer than jobs.api.dispatch.publish-grace (" + publishGrace
                    + "); it is meant for records lost after their publication was confirmed, e.g. 5m");
        }
        if (confirmInterval.multipliedBy(2).compareTo(publishGrace) >= 0) {
            throw new IllegalArgumentException("jobs.api.dispatch.confirm-interval (" + confirmInterval
                    + ") must be less than half of jobs.api.dispatch.publish-grace (" + publishGrace
                    + "), or the sweep publishes jobs again before their confirmation is written");
        }
    }
}
