package dev.connectorjobs.worker.breaker;

import dev.connectorjobs.model.job.ErrorTypes;
import dev.connectorjobs.worker.attempt.ConnectorException;
import java.time.Duration;
import java.time.Instant;

/**
 * A call was rejected without reaching the service, because the service's circuit breaker does not
 * let calls through: it is open (after too many failures, or forced open by an operator) or
 * half-open with its trial calls already taken.
 *
 * <p>Retryable, with error type {@value #ERROR_TYPE}. It is never retried inside the HTTP client:
 * trying again at once would only be rejected again. {@link #halfOpenAt()} says when the breaker
 * will let a trial call through, and {@link #retryAfter()} is the time until then, so a job can be
 * deferred to that instant without spending one of its attempts. For a forced-open breaker, which
 * never half-opens by itself, it is one reset timeout from now: the time to look again.
 */
public final class CircuitOpenException extends ConnectorException {

    /** The error type of every instance. */
    public static final String ERROR_TYPE = ErrorTypes.CIRCUIT_OPEN;

    private final String breaker;
    private final String state;
    private final Instant halfOpenAt;

    CircuitOpenException(String breaker, String state, Instant now, Instant halfOpenAt) {
        super(
                ERROR_TYPE,
                "Circuit breaker '" + breaker + "' is " + state + "; calls fail fast without reaching the service"
                        + " until " + halfOpenAt
                        + (state.equals("FORCED_OPEN")
                                ? " (forced open by an operator;" + " restore it through the admin API)"
                                : ""),
                true,
                nonNegative(Duration.between(now, halfOpenAt)),
                null,
                null);
        this.breaker = breaker;
        this.state = state;
        this.halfOpenAt = halfOpenAt;
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** The call never reached the service, so deferring the job costs it none of its retries. */
    @Override
    public boolean spendsRetry() {
        return false;
    }

    /** The name of the breaker that rejected the call, e.g. {@code jira}. */
    public String breaker() {
        return breaker;
    }

    /** The breaker's state when it rejected the call: {@code OPEN}, {@code FORCED_OPEN} or {@code HALF_OPEN}. */
    public String state() {
        return state;
    }

    /** When the breaker will let a trial call through (for a forced-open breaker: when to look again). */
    public Instant halfOpenAt() {
        return halfOpenAt;
    }
}
