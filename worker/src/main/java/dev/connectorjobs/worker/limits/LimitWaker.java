package dev.connectorjobs.worker.limits;

import dev.connectorjobs.worker.execution.AttemptListener;
import dev.connectorjobs.worker.execution.ClaimedJob;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Wakes jobs waiting for a concurrency limit's slot. When an attempt under a limit ends on this
 * worker, the next waiter of each of its limits becomes due at once, so it starts as soon as the
 * dispatcher publishes it rather than after a fixed wait. Slots also free without an outcome here (a
 * revoke, the reaper, a worker that died, a wake-up whose job was revoked, two decisions crossing),
 * so every few seconds each worker also wakes as many waiters as each limit has free slots.
 */
@Component
class LimitWaker implements AttemptListener {

    private static final Logger log = LoggerFactory.getLogger(LimitWaker.class);

    private final LimitCatalog catalog;
    private final LimitRepository repository;
    private final Clock clock;

    LimitWaker(LimitCatalog catalog, LimitRepository repository, Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public void attemptStarted(ClaimedJob job) {}

    @Override
    public void attemptEnded(ClaimedJob job) {
        for (LimitKey key : catalog.keysFor(job.connector(), job.operation())) {
            try {
                repository.wake(key, 1, clock.instant());
            } catch (RuntimeException e) {
                log.debug("Could not wake a waiter of {}; the periodic check will: {}", key, e.toString());
            }
        }
    }

    /** Wakes as many waiters as each concurrency limit has free slots. */
    @Scheduled(fixedDelayString = "#{@'" + WorkerLimitProperties.BEAN + "'.recheckInterval().toMillis()}")
    void wakeFreeSlots() {
        for (Limit limit : catalog.all()) {
            Integer max = limit.maxConcurrent();
            if (max == null) {
                continue;
            }
            try {
                if (repository.hasWaiters(limit.key())) {
                    int woken = repository.wake(limit.key(), max - repository.running(limit.key()), clock.instant());
                    if (woken > 0) {
                        log.debug("Woke {} waiters of {} for free slots", woken, limit.key());
                    }
                }
            } catch (RuntimeException e) {
                log.debug("Could not check the waiters of {}: {}", limit.key(), e.toString());
            }
        }
    }
}
