package dev.connectorjobs.worker.breaker;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one external service, on this worker.
 *
 * <p>Callers either wrap a unit of work in {@link #call(Callable)}, or, when they need to see each
 * attempt (the HTTP client), bracket it themselves: {@link #acquirePermission()}, then exactly one
 * of {@link #onSuccess}, {@link #onFailure} or {@link #releasePermission()}. Every failure is
 * recorded except cancellations and permanent {@link ConnectorException}s (a rejected request says
 * nothing about the service's health). Thread-safe.
 */
public final class ServiceBreaker {

    private static final Logger log = LoggerFactory.getLogger(ServiceBreaker.class);

    /** While a half-open breaker's trial runs, rejected callers look again this soon at the latest. */
    static final Duration TRIAL_RECHECK = Duration.ofSeconds(5);

    private static final int MAX_ERROR_LENGTH = 500;

    private final CircuitBreaker delegate;
    private final BreakerSettings settings;
    private final Clock clock;
    private final Consumer<ServiceBreaker> onChange;
    private volatile @Nullable Instant openedAt;
    private volatile @Nullable Instant lastTransitionAt;
    private volatile @Nullable String lastError;

    ServiceBreaker(CircuitBreaker delegate, BreakerSettings settings, Clock clock, Consumer<ServiceBreaker> onChange) {
        this.delegate = delegate;
        this.settings = settings;
        this.clock = clock;
        this.onChange = onChange;
        delegate.getEventPublisher().onStateTransition(this::transitioned).onReset(event -> onChange.accept(this));
    }

    /** Whether a breaker ignores {@code error}: neither a failure nor a success of the service. */
    static boolean isIgnored(Throwable error) {
        return error instanceof JobCancelledException
                || error instanceof InterruptedException
                || (error instanceof ConnectorException e && !e.isRetryable());
    }

    /** The breaker's name, e.g. {@code jira}. */
    public String name() {
        return delegate.getName();
    }

    public BreakerSettings settings() {
        return settings;
    }

    /** The current state. */
    public State state() {
        return delegate.getState();
    }

    /** When the breaker last opened, while it is open or half-open. */
    public Optional<Instant> openedAt() {
        return Optional.ofNullable(openedAt);
    }

    /**
     * Takes a permission for one call.
     *
     * @throws CircuitOpenException when the breaker does not let the call through
     */
    public void acquirePermission() {
        try {
            delegate.acquirePermission();
        } catch (CallNotPermittedException e) {
            throw rejection();
        }
    }

    /** Records a call that the service answered properly. */
    public void onSuccess(Duration duration) {
        delegate.onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Records a failed call. An error the breaker ignores (see the class comment) only gives the
     * permission back.
     */
    public void onFailure(Duration duration, Throwable error) {
        delegate.onError(duration.toNanos(), TimeUnit.NANOSECONDS, error);
        if (isIgnored(error)) {
            return;
        }
        String description = describe(error);
        lastError = description;
        CircuitBreaker.Metrics metrics = delegate.getMetrics();
        log.warn(
                "breaker={} event=failure state={} failures={} fail_max={} error=\"{}\"",
                name(),
                delegate.getState(),
                metrics.getNumberOfFailedCalls(),
                settings.failureThreshold(),
                description);
    }

    /** Gives back a permission whose call did not happen or says nothing about the service. */
    public void releasePermission() {
        delegate.releasePermission();
    }

    /**
     * Runs {@code work} under the breaker: rejected at once when the breaker is open, recorded as a
     * success or failure otherwise.
     *
     * @throws CircuitOpenException when the breaker does not let the call through
     * @throws Exception what {@code work} throws
     */
    public <T> T call(Callable<T> work) throws Exception {
        acquirePermission();
        long start = System.nanoTime();
        try {
            T result = work.call();
            onSuccess(Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (Throwable e) {
            onFailure(Duration.ofNanos(System.nanoTime() - start), e);
            throw e;
        }
    }

    /**
     * Turns an open breaker half-open before its reset timeout, when a call made outside it has
     * shown that the service answers again; the success recorded next then counts as a trial. A
     * breaker in any other state (also forced open) is left as it is.
     */
    public void halfOpenEarly() {
        if (delegate.getState() != State.OPEN) {
            return;
        }
        try {
            delegate.transitionToHalfOpenState();
        } catch (IllegalStateTransitionException e) {
            // Another thread moved it meanwhile: nothing left to do.
        }
    }

    /** Closes the breaker and clears its counts, whatever its state (also forced open or disabled). */
    void reset() {
        delegate.reset();
    }

    /** Holds the breaker open until {@link #restore()} or {@link #reset()}. */
    void forceOpen() {
        delegate.transitionToForcedOpenState();
    }

    /** Lets every call through and records nothing until {@link #restore()} or {@link #reset()}. */
    void disable() {
        delegate.transitionToDisabledState();
    }

    /**
     * Ends a force-open or disable: the breaker closes and counts afresh.
     *
     * @return false if the breaker was neither forced open nor disabled, and nothing changed
     */
    boolean restore() {
        State state = delegate.getState();
        if (state != State.FORCED_OPEN && state != State.DISABLED) {
            return false;
        }
        delegate.transitionToClosedState();
        return true;
    }

    /** The state to persist. */
    BreakerSnapshot snapshot() {
        CircuitBreaker.Metrics metrics = delegate.getMetrics();
        return new BreakerSnapshot(
                name(),
                delegate.getState().name(),
                metrics.getNumberOfFailedCalls(),
                metrics.getNumberOfBufferedCalls(),
                metrics.getNumberOfNotPermittedCalls(),
                settings.failureThreshold(),
                settings.resetTimeout().toMillis(),
                openedAt,
                lastTransitionAt,
                lastError);
    }

    private CircuitOpenException rejection() {
        State state = delegate.getState();
        Instant now = clock.instant();
        Duration reset = settings.resetTimeout();
        Instant halfOpenAt = switch (state) {
            case OPEN -> {
                Instant opened = openedAt;
                Instant at = opened == null ? now.plus(reset) : opened.plus(reset);
                yield at.isBefore(now) ? now : at;
            }
            case HALF_OPEN -> now.plus(reset.compareTo(TRIAL_RECHECK) < 0 ? reset : TRIAL_RECHECK);
            default -> now.plus(reset);
        };
        return new CircuitOpenException(name(), state.name(), now, halfOpenAt);
    }

    private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
        Instant now = clock.instant();
        State from = event.getStateTransition().getFromState();
        State to = event.getStateTransition().getToState();
        lastTransitionAt = now;
        switch (to) {
            case OPEN, FORCED_OPEN -> openedAt = now;
            case HALF_OPEN -> {
                // still not closed: keep the time it opened
            }
            default -> openedAt = null;
        }
        if (to == State.OPEN || to == State.FORCED_OPEN) {
            log.warn(
                    "breaker={} event=transition from={} to={} failures={} fail_max={} reset_timeout_ms={}"
                            + " half_open_at={} last_error=\"{}\"",
                    name(),
                    from,
                    to,
                    delegate.getMetrics().getNumberOfFailedCalls(),
                    settings.failureThreshold(),
                    settings.resetTimeout().toMillis(),
                    to == State.OPEN ? now.plus(settings.resetTimeout()) : "-",
                    lastError == null ? "" : lastError);
        } else {
            log.info("breaker={} event=transition from={} to={}", name(), from, to);
        }
        onChange.accept(this);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
    }
}
