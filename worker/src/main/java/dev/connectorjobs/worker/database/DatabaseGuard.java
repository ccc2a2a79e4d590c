package dev.connectorjobs.worker.database;

import dev.connectorjobs.common.database.DatabaseOutage;
import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The worker's view of PostgreSQL, through the {@code database} circuit breaker (10 failures, 30
 * s). While the breaker is open the worker stops consuming (the listener asks {@link
 * #isAvailable()}), so it claims nothing it could not record; outcome writes of jobs that finished
 * meanwhile are retried until the database answers again ({@link #retryUntil}, up to {@code
 * jobs.worker.outcome-retry-timeout}), so an outage neither loses an outcome nor makes a job run twice
 * unless the reaper handed the job on meanwhile. Lease
 * renewals go through whatever its state ({@link #renew}). The breaker never affects health or
 * readiness.
 */
@Component
public final class DatabaseGuard {

    private static final Logger log = LoggerFactory.getLogger(DatabaseGuard.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ServiceBreaker breaker;
    private final Clock clock;

    DatabaseGuard(BreakerRegistry breakers, Clock clock) {
        this.breaker = breakers.get(BreakerDefaults.DATABASE);
        this.clock = clock;
    }

    /** Whether the database breaker lets calls through (closed, half-open or disabled). */
    public boolean isAvailable() {
        CircuitBreaker.State state = breaker.state();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN
                || breaker.openedAt()
                        .map(at -> !at.plus(breaker.settings().resetTimeout()).isAfter(clock.instant()))
                        .orElse(false);
    }

    /**
     * Runs one database call under the breaker. Only failures that say the database is unreachable
     * or overloaded count against it; a failed statement does not.
     *
     * @throws CircuitOpenException when the breaker is open
     */
    public <T> T run(Supplier<T> work) {
        breaker.acquirePermission();
        return recorded(work);
    }

    /**
     * Runs a lease renewal: it goes through whatever the breaker's state, so that a breaker still
     * open after PostgreSQL came back does not let leases lapse for the rest of its reset time. Its
     * answer counts as a trial: the first renewal PostgreSQL answers closes the breaker (with the
     * default single trial call), and claims resume.
     */
    public <T> T renew(Supplier<T> work) {
        long start = System.nanoTime();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            if (isOutage(e)) {
                breaker.onFailure(Duration.ofNanos(System.nanoTime() - start), e);
            }
            throw e;
        }
        breaker.halfOpenEarly();
        breaker.onSuccess(Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    private <T> T recorded(Supplier<T> work) {
        long start = System.nanoTime();
        try {
            T result = work.get();
            breaker.onSuccess(Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (RuntimeException e) {
            if (isOutage(e)) {
                breaker.onFailure(Duration.ofNanos(System.nanoTime() - start), e);
            } else {
                breaker.onSuccess(Duration.ofNanos(System.nanoTime() - start));
            }
            throw e;
        }
    }

    /**
     * Runs a database call, retrying while the database is unreachable, until {@code giveUpAt}.
     *
     * @throws RuntimeException the last failure, when the database did not come back in time or the
     *     failure is not an outage
     */
    public <T> T retryUntil(Supplier<T> work, Instant giveUpAt) {
        return retryGuardedUntil(() -> run(work), giveUpAt);
    }

    /**
     * Like {@link #retryUntil}, for work that reports to the breaker itself through {@link #run}:
     * e.g. a write that joins a batch, which counts once for the whole batch rather than once for
     * each of its writes.
     *
     * @throws RuntimeException the last failure, when the database did not come back in time or the
     *     failure is not an outage
     */
    public <T> T retryGuardedUntil(Supplier<T> guardedWork, Instant giveUpAt) {
        Duration backoff = FIRST_BACKOFF;
        int attempt = 0;
        while (true) {
            try {
                return guardedWork.get();
            } catch (RuntimeException e) {
                if (!(e instanceof CircuitOpenException) && !isOutage(e)) {
                    throw e;
                }
                attempt++;
                Instant now = clock.instant();
                if (!now.plus(backoff).isBefore(giveUpAt)) {
                    throw e;
                }
                if (attempt == 1) {
                    log.warn("Database unavailable ({}); retrying the write until {}", e.toString(), giveUpAt);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Whether the failure means the database is unreachable or overloaded (rather than a bad
     * statement): {@link DatabaseOutage#isOutage}, the definition both services share.
     */
    public static boolean isOutage(Throwable e) {
        return DatabaseOutage.isOutage(e);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
