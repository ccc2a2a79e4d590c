package dev.connectorjobs.api.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes rows that are due but unconfirmed: stored but never confirmed on Kafka (a crash between
 * commit and send), or retries whose time has come. Every API replica sweeps; {@code FOR UPDATE SKIP
 * LOCKED} gives each row to one of them. Confirmations arrive through the same path as the fast
 * path's; a row whose publication is not confirmed within the publish grace is simply due again.
 */
@Component
class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    /** {@link DispatchProperties#sweepInterval()}, in milliseconds, read from the bound record. */
    private static final String SWEEP_INTERVAL = "#{@'" + DispatchProperties.BEAN + "'.sweepInterval().toMillis()}";

    /** A fifth of {@link DispatchProperties#republishAfter()}, in milliseconds. */
    private static final String REPUBLISH_INTERVAL =
            "#{@'" + DispatchProperties.BEAN + "'.republishAfter().toMillis() / 5}";

    /** {@link DispatchWindowProperties#sweepInterval()}, in milliseconds. */
    private static final String WINDOW_SWEEP_INTERVAL =
            "#{@'" + DispatchWindowProperties.BEAN + "'.sweepInterval().toMillis()}";

    /** What {@link #sweepQueue} answers when rows wait but the window has no room. */
    static final int WINDOW_FULL = -1;

    /** How soon a full window is counted again while rows wait. */
    private static final Duration FULL_WINDOW_RECHECK = Duration.ofMillis(10);

    /** A worker whose heartbeat is older than this is not counted in a window's slots. */
    private static final Duration LIVE_WORKER = Duration.ofSeconds(30);

    private final DispatchRepository repository;
    private final JobPublisher publisher;
    private final DispatchProperties properties;
    private final DispatchWindowProperties windowProperties;
    private final DispatchWindow window;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OutboxDispatcher(
            DispatchRepository repository,
            JobPublisher publisher,
            DispatchProperties properties,
            DispatchWindowProperties windowProperties,
            DispatchWindow window,
            TransactionTemplate transactions,
            Clock clock) {
        this.repository = repository;
        this.publisher = publisher;
        this.properties = properties;
        this.windowProperties = windowProperties;
        this.window = window;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = SWEEP_INTERVAL, initialDelayString = SWEEP_INTERVAL)
    void sweepScheduled() {
        if (windowProperties.enabled()) {
            return;
        }
        try {
            int published;
            do {
                published = sweepOnce();
            } while (published == properties.sweepBatchSize());
        } catch (RuntimeException e) {
            log.warn("Dispatcher sweep failed; it runs again in {}: {}", properties.sweepInterval(), e.toString());
        }
    }

    @Scheduled(fixedDelayString = WINDOW_SWEEP_INTERVAL, initialDelayString = WINDOW_SWEEP_INTERVAL)
    void windowSweepScheduled() {
        if (!windowProperties.enabled()) {
            return;
        }
        try {
            java.util.Set<String> queues = new java.util.TreeSet<>(repository.queuesWithWaiting(clock.instant()));
            queues.addAll(window.recentlyPublished());
            for (String queue : queues) {
                fill(queue);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Dispatcher sweep failed; it runs again in {}: {}", windowProperties.sweepInterval(), e.toString());
        }
    }

    /**
     * Keeps one queue's window filled for up to a sweep interval: while rows wait and the window is
     * full, it counts again every {@link #FULL_WINDOW_RECHECK}, because at thousands of jobs a second
     * the workers claim a whole window within one interval and would otherwise wait for the next one.
     */
    private void fill(String queue) {
        long until = System.nanoTime() + windowProperties.sweepInterval().toNanos();
        while (true) {
            int published = sweepQueue(queue);
            if (published > 0) {
                continue;
            }
            if (published == WINDOW_FULL && System.nanoTime() < until) {
                try {
                    Thread.sleep(FULL_WINDOW_RECHECK);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            return;
        }
    }

    /**
     * Fills one queue's window from its waiting rows (highest priority first, in turns across API
     * keys) and waits for the broker to acknowledge them. Counting the window and taking the rows
     * happen under the queue's lock, so two replicas do not both fill the same room.
     *
     * @return how many rows were published; {@link #WINDOW_FULL} when rows wait but the window has
     *     no room; 0 when nothing waits or another replica is filling this queue's window
     */
    int sweepQueue(String queue) {
        Instant now = clock.instant();
        Instant redispatchAt = now.plus(properties.publishGrace());
        boolean[] full = {false};
        List<DueJob> due = transactions.execute(tx -> {
            if (!repository.tryLockQueue(queue)) {
                return List.<DueJob>of();
            }
            int size = windowProperties.size(repository.liveSlots(queue, now.minus(LIVE_WORKER)));
            int inFlight = repository.inFlight(queue, now);
            int room = Math.min(properties.sweepBatchSize(), size - inFlight);
            List<DueJob> taken = room <= 0 ? List.<DueJob>of() : repository.takeFair(queue, now, room, redispatchAt);
            // Rows still wait when the window had no room for them, or when the batch was full.
            boolean held = room <= 0 || taken.size() == room;
            window.observed(queue, inFlight + taken.size(), size, held);
            full[0] = room <= 0;
            return taken;
        });
        if (due == null || due.isEmpty()) {
            return full[0] ? WINDOW_FULL : 0;
        }
        send(due);
        return due.size();
    }

    @Scheduled(fixedDelayString = REPUBLISH_INTERVAL, initialDelayString = REPUBLISH_INTERVAL)
    void republishScheduled() {
        try {
            republishUnclaimed();
        } catch (RuntimeException e) {
            log.warn(
                    "Republishing unclaimed jobs failed; it runs again in {}: {}",
                    properties.republishAfter().dividedBy(5),
                    e.toString());
        }
    }

    /**
     * Publishes again the confirmed jobs that no worker claimed within {@code republish-after}: their
     * record may have been lost after the broker acknowledged it. A record that was only slow is
     * claimed once; the other claims nothing.
     *
     * @return how many jobs were published again
     */
    int republishUnclaimed() {
        Instant now = clock.instant();
        List<DueJob> unclaimed =
                repository.takeUnclaimed(now.minus(properties.republishAfter()), now, properties.sweepBatchSize());
        if (unclaimed.isEmpty()) {
            return 0;
        }
        log.warn(
                "{} confirmed jobs were not claimed within {}; publishing them again in case their records were"
                        + " lost (if they only wait behind a backlog, raise jobs.api.dispatch.republish-after)",
                unclaimed.size(),
                properties.republishAfter());
        send(unclaimed);
        return unclaimed.size();
    }

    /**
     * Publishes one batch of due rows and waits for the broker to acknowledge it.
     *
     * @return how many rows were taken for publication
     */
    int sweepOnce() {
        Instant now = clock.instant();
        List<DueJob> due = repository.takeDue(now, properties.sweepBatchSize(), now.plus(properties.publishGrace()));
        if (due.isEmpty()) {
            return 0;
        }
        send(due);
        return due.size();
    }

    /** Publishes taken rows and waits (up to the send timeout) for the broker to acknowledge them. */
    private void send(List<DueJob> due) {
        CompletableFuture<?>[] sends = due.stream()
                .map(job ->
                        publisher.publish(job.id(), job.attempt(), job.queue(), job.correlationId(), job.traceparent()))
                .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(sends).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            long failed = java.util.Arrays.stream(sends)
                    .filter(f -> !f.isDone() || f.isCompletedExceptionally())
                    .count();
            log.warn(
                    "Dispatcher could not publish {} of {} due jobs; they are due again in {}",
                    failed,
                    due.size(),
                    properties.publishGrace());
        }
        log.debug("Dispatcher published {} due jobs", due.size());
    }
}
