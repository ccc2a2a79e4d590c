package dev.connectorjobs.api.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Recurring schedules ({@code jobs.api.schedules.*}).
 *
 * @param enabled whether this replica ticks schedules; the API serves them either way; default true
 * @param tickInterval pause between two passes over the due schedules; a tick is submitted at most
 *     about this long after its time; default 500 ms
 * @param misfireThreshold a schedule whose oldest due tick is later than this has misfired (no
 *     replica ticked it in time, e.g. all were down) and its due ticks are handled by its misfire
 *     policy; ticks less late than this are all submitted, one job each; default 1 min
 * @param minInterval the shortest time a cron expression may leave between two ticks, checked over
 *     its next 1,000 ticks (at most a year) when a schedule is created or changed; default 1 min
 * @param batchSize schedules one pass claims at most before it yields; default 100
 * @param maxPerClient schedules one API key may own; ADMIN keys are not limited; default 100
 */
@ConfigurationProperties("jobs.api.schedules")
public record ScheduleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration tickInterval,
        @DefaultValue("1m") Duration misfireThreshold,
        @DefaultValue("1m") Duration minInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("100") int maxPerClient) {

    /**
     * The name of this bean (Spring names a bound record {@code <prefix>-<class name>}), for the
     * {@code @Scheduled} expression that reads its interval.
     */
    static final String BEAN = "jobs.api.schedules-dev.connectorjobs.api.schedule.ScheduleProperties";

    public ScheduleProperties {
        if (tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("jobs.api.schedules.tick-interval must be positive");
        }
        if (misfireThreshold.compareTo(tickInterval) <= 0) {
            throw new IllegalArgumentException("jobs.api.schedules.misfire-threshold (" + misfireThreshold
                    + ") must be longer than jobs.api.schedules.tick-interval (" + tickInterval
                    + "), or every tick would count as missed");
        }
        if (minInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "jobs.api.schedules.min-interval must be at least 1s, the resolution of a cron expression");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("jobs.api.schedules.batch-size must be at least 1");
        }
        if (maxPerClient < 1) {
            throw new IllegalArgumentException("jobs.api.schedules.max-per-client must be at least 1");
        }
    }
}
