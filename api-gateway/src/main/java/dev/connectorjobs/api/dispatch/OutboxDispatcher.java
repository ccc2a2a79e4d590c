package dev.connectorjobs.api.dispatch;

import dev.connectorjobs.model.dispatch.JobEnvelope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes rows that are due but unconfirmed: stored but never confirmed on Kafka (a crash between
 * commit and send), or retries whose time has come. Every API replica sweeps; {@code FOR UPDATE SKIP
 * LOCKED} gives each row to one of them. The row stays locked until the broker acknowledged it, so a
 * worker that consumes the record early waits for the commit instead of missing the claim.
 */
@Component
class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final DispatchRepository repository;
    private final KafkaTemplate<String, byte[]> kafka;
    private final EnvelopeCodec codec;
    private final DispatchProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OutboxDispatcher(
            DispatchRepository repository,
            KafkaTemplate<String, byte[]> kafka,
            EnvelopeCodec codec,
            DispatchProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.repository = repository;
        this.kafka = kafka;
        this.codec = codec;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${jobs.api.dispatch.sweep-interval:1s}", initialDelayString = "${jobs.api.dispatch.sweep-interval:1s}")
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
     * Publishes one batch of due rows.
     *
     * @return how many rows were published
     */
    int sweepOnce() {
        Integer published = transactions.execute(status -> {
            Instant now = clock.instant();
            List<DueJob> due = repository.lockDue(now, properties.sweepBatchSize());
            if (due.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(due.size());
            for (DueJob job : due) {
                sends.add(send(job, now));
            }
            kafka.flush();
            List<DueJob> ok = new ArrayList<>();
            List<DueJob> failed = new ArrayList<>();
            long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
            for (int i = 0; i < due.size(); i++) {
                if (awaited(sends.get(i), deadline)) {
                    ok.add(due.get(i));
                } else {
                    failed.add(due.get(i));
                }
            }
            repository.markQueued(ok, clock.instant());
            if (!failed.isEmpty()) {
                repository.postpone(failed, clock.instant().plus(properties.failedSendBackoff()));
                log.warn("Dispatcher could not publish {} of {} due jobs; retrying them in {}",
                        failed.size(), due.size(), properties.failedSendBackoff());
            }
            log.debug("Dispatcher published {} due jobs", ok.size());
            return ok.size();
        });
        return published == null ? 0 : published;
    }

    private CompletableFuture<?> send(DueJob job, Instant now) {
        try {
            return kafka.send(codec.record(new JobEnvelope(
                    JobEnvelope.CURRENT_VERSION,
                    job.id(),
                    job.attemptToPublish(),
                    job.queue(),
                    job.connector(),
                    job.operation(),
                    job.params(),
                    job.timeoutSeconds(),
                    job.correlationId(),
                    now)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean awaited(CompletableFuture<?> send, long deadlineNanos) {
        try {
            send.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
