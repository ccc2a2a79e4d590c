package dev.connectorjobs.api.dispatch;

import dev.connectorjobs.model.job.JobIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes publication confirmations ({@code PENDING -> QUEUED}) in batches, each one {@link
 * DispatchProperties#confirmInterval()} after the broker acknowledged it. Most jobs are claimed by a
 * worker well within that time, which makes their confirmation a no-op: the update matches only
 * rows still PENDING, so the usual job costs no confirmation write at all, and only jobs that wait
 * in Kafka (a backlog) are marked QUEUED. A confirmation that is lost (crash, database error) only
 * means the sweep publishes the job once more, which the worker's claim makes harmless.
 */
@Component
final class PublicationConfirmer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PublicationConfirmer.class);

    private record Confirmation(UUID jobId, int attempt, long dueNanos) {}

    private final LinkedBlockingQueue<Confirmation> pending = new LinkedBlockingQueue<>();
    private final DispatchRepository repository;
    private final DispatchProperties properties;
    private final Clock clock;
    private volatile boolean running;
    private @Nullable Thread thread; // set by start()

    PublicationConfirmer(DispatchRepository repository, DispatchProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    void confirm(UUID jobId, int attempt) {
        pending.add(new Confirmation(
                jobId, attempt, System.nanoTime() + properties.confirmInterval().toNanos()));
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("publication-confirmer").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread loop = thread;
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush(drain());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                Confirmation first = pending.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                long wait = first.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                flush(dueAfter(first));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {@code first} and the confirmations queued behind it that are due too, up to a batch. */
    private List<Confirmation> dueAfter(Confirmation first) {
        List<Confirmation> batch = new ArrayList<>();
        batch.add(first);
        long now = System.nanoTime();
        while (batch.size() < properties.confirmBatchSize()) {
            Confirmation next = pending.peek();
            if (next == null || next.dueNanos() - now > 0) {
                break;
            }
            batch.add(pending.poll());
        }
        return batch;
    }

    private List<Confirmation> drain() {
        List<Confirmation> rest = new ArrayList<>();
        pending.drainTo(rest);
        return rest;
    }

    private void flush(List<Confirmation> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // Rows are locked in one order everywhere (JobIds.LOCK_ORDER), so confirmations and claims cannot deadlock.
        List<Confirmation> ordered = batch.stream()
                .sorted(Comparator.comparing(Confirmation::jobId, JobIds.LOCK_ORDER))
                .toList();
        try {
            repository.confirmPublished(
                    ordered.stream().map(Confirmation::jobId).toList(),
                    ordered.stream().map(Confirmation::attempt).toList(),
                    clock.instant());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record {} publication confirmations; the dispatcher will publish them again: {}",
                    batch.size(),
                    e.toString());
        }
    }
}
