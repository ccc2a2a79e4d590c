package dev.connectorjobs.worker.breaker;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of one circuit breaker.
 *
 * <p>They map onto resilience4j as a count-based window of {@code failureThreshold} calls that
 * needs {@code failureThreshold} recorded calls and a failure rate of 100% to open: the breaker
 * opens after {@code failureThreshold} consecutive failures, like the pybreaker breakers it
 * replaces. It then rejects calls for {@code resetTimeout}; the first call after that turns it
 * half-open and {@code halfOpenCalls} trial calls go through. It closes unless every trial call
 * fails, in which case it opens again. Slow calls are not counted: a slow answer is still an
 * answer, and the HTTP response timeout turns a hanging service into failures.
 *
 * @param failureThreshold consecutive failures that open the breaker; at least 1
 * @param resetTimeout how long an open breaker rejects calls before a trial; at least 1 ms
 * @param halfOpenCalls trial calls let through when half-open; at least 1
 */
public record BreakerSettings(int failureThreshold, Duration resetTimeout, int halfOpenCalls) {

    /** {@value}: consecutive failures that open a breaker unless configured otherwise. */
    public static final int DEFAULT_FAILURE_THRESHOLD = BreakerDefaults.DEFAULT_FAILURE_THRESHOLD;

    /** 60 s: how long a breaker stays open unless configured otherwise. */
    public static final Duration DEFAULT_RESET_TIMEOUT = BreakerDefaults.DEFAULT_RESET_TIMEOUT;

    /** {@value}: trial calls of a half-open breaker unless configured otherwise. */
    public static final int DEFAULT_HALF_OPEN_CALLS = BreakerDefaults.DEFAULT_HALF_OPEN_CALLS;

    /** Effectively never: slow calls do not open a breaker. */
    private static final Duration NO_SLOW_CALLS = Duration.ofDays(365);

    public BreakerSettings {
        Objects.requireNonNull(resetTimeout, "resetTimeout");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure-threshold must be at least 1, was " + failureThreshold);
        }
        if (resetTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("reset-timeout must be at least 1 ms, was " + resetTimeout);
        }
        if (halfOpenCalls < 1) {
            throw new IllegalArgumentException("half-open-calls must be at least 1, was " + halfOpenCalls);
        }
    }

    /** The defaults of the breaker {@code name} (see {@link BreakerDefaults}). */
    public static BreakerSettings defaultsOf(String name) {
        BreakerDefaults.Thresholds thresholds = BreakerDefaults.of(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "No breaker is called '" + name + "'; known breakers: " + BreakerDefaults.names()));
        return new BreakerSettings(
                thresholds.failureThreshold(), thresholds.resetTimeout(), thresholds.halfOpenCalls());
    }

    /** The resilience4j configuration these settings stand for; time comes from {@code clock}. */
    CircuitBreakerConfig toCircuitBreakerConfig(Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failureThreshold)
                .minimumNumberOfCalls(failureThreshold)
                .failureRateThreshold(100f)
                .waitDurationInOpenState(resetTimeout)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .slowCallDurationThreshold(NO_SLOW_CALLS)
                .slowCallRateThreshold(100f)
                .recordException(error -> true)
                .ignoreException(ServiceBreaker::isIgnored)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }
}
