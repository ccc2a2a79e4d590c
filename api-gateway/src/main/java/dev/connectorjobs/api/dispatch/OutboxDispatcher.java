package dev.connectorjobs.api.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

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

    private final DispatchRepository repository;
    private final JobPublisher publisher;
    private final DispatchProperties properties;
    private final Clock clock;

    OutboxDispatcher(
            DispatchRepository repository, JobPublisher publisher, DispatchProperties properties, Clock clock) {
        this.repository = repository;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = SWEEP_INTERVAL, initialDelayString = SWEEP_INTERVAL)
    void sweepScheduled() {
        try {
            int published;
            do {
                published = sweepOnce();
            } while (published == properties.sweepBatchSize());
        } catch (RuntimeException e) {
            log.warn("Dispatcher sweep failed; it runs again in {}: {}", properties.sweepInterval(), e.toString());
        }
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
        return due.size();
    }
}
