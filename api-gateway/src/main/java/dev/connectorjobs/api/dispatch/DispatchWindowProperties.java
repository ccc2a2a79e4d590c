package dev.connectorjobs.api.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dispatch window ({@code jobs.api.dispatch.window.*}): how many jobs of a queue may wait in
 * Kafka unclaimed. Once a record is in a partition its place is fixed, so priorities and fairness
 * between API keys can only be applied to what still waits in PostgreSQL. The window keeps Kafka's
 * share of a backlog small; the rest waits in PostgreSQL, where the dispatcher picks the highest
 * priority first and takes turns across API keys.
 *
 * @param enabled whether the window applies; when false every job is published at once, in
 *     submission order, as before priorities existed. Default true
 * @param minimum the smallest window of a queue, in jobs; default 1000
 * @param perSlot jobs in the window per concurrency slot of the live workers that consume the
 *     queue; the window is the larger of this times the slots and {@code minimum}. Default 2
 * @param sweepInterval pause between two sweeps of the window's backlog; it is the longest a job
 *     held in PostgreSQL waits for room that has freed. Default 100 ms
 */
@ConfigurationProperties("jobs.api.dispatch.window")
public record DispatchWindowProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") int minimum,
        @DefaultValue("2") double perSlot,
        @DefaultValue("100ms") Duration sweepInterval) {

    /** The bean name Spring gives this record, for the {@code @Scheduled} expression that reads it. */
    static final String BEAN = "jobs.api.dispatch.window-dev.connectorjobs.api.dispatch.DispatchWindowProperties";

    public DispatchWindowProperties {
        if (minimum < 1) {
            throw new IllegalArgumentException("jobs.api.dispatch.window.minimum must be at least 1, was " + minimum);
        }
        if (!(perSlot >= 0) || perSlot > 1000) {
            throw new IllegalArgumentException(
                    "jobs.api.dispatch.window.per-slot must be between 0 and 1000, was " + perSlot);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException(
                    "jobs.api.dispatch.window.sweep-interval must be positive, was " + sweepInterval);
        }
    }

    /** The window of a queue whose live workers have {@code slots} concurrency slots in all. */
    int size(long slots) {
        return (int) Math.max(minimum, Math.min(Integer.MAX_VALUE, Math.ceil(perSlot * slots)));
    }
}
