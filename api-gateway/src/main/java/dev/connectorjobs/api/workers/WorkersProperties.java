package dev.connectorjobs.api.workers;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the API tells live workers from lost ones ({@code jobs.api.*}), one rule for the workers
 * view and the circuit breakers alike.
 *
 * @param workerStaleAfter a worker whose last heartbeat is older than this is not live: the workers
 *     view shows it as stale, its breakers are left out of the breaker status, and breaker commands
 *     do not wait for its acknowledgement; default 30 s (six missed heartbeats at the worker's
 *     default interval; also the default job lease). Replaces {@code jobs.api.workers.stale-after}
 *     and {@code jobs.api.breakers.stale-after}
 */
@ConfigurationProperties("jobs.api")
public record WorkersProperties(@DefaultValue("30s") Duration workerStaleAfter) {

    public WorkersProperties {
        if (workerStaleAfter.isNegative() || workerStaleAfter.isZero()) {
            throw new IllegalArgumentException("jobs.api.worker-stale-after must be positive, was " + workerStaleAfter);
        }
    }

    /** The oldest heartbeat of a live worker at {@code now}. */
    public Instant liveSince(Instant now) {
        return now.minus(workerStaleAfter);
    }

    /** Whether a worker whose last heartbeat was at {@code heartbeat} is stale at {@code now}. */
    public boolean isStale(Instant heartbeat, Instant now) {
        return heartbeat.isBefore(liveSince(now));
    }
}
