package dev.connectorjobs.worker.execution;

import dev.connectorjobs.common.batch.GroupCommit;
import dev.connectorjobs.common.metrics.GroupCommitMeters;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.database.DatabaseGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Write-behind group commit of attempts' outcomes ({@link GroupCommit}). Job threads {@link #write}
 * and wait; one writer thread takes everything queued (up to {@value #MAX_BATCH}) and writes it in
 * one transaction, then at once takes what queued meanwhile. A small batch waits up to {@link
 * #LINGER} for company; under load the batches grow, and PostgreSQL commits once per batch instead
 * of once per job.
 *
 * <p>A batch counts once against the database breaker ({@link DatabaseGuard#run}). When the
 * database is unreachable every write of the batch fails with that error, for its caller to retry
 * ({@link DatabaseGuard#retryGuardedUntil}). Any other failure is one write's: the batch's writes
 * are then written one by one, so only the bad one fails.
 *
 * <p>Starts before and stops after the worker heartbeat, which drains running jobs on stop: what is
 * queued then is still written. Before start and after stop a write is written at once, on the
 * caller's thread. Its queue and batches are metrics ({@code jobs.group.commit.*}, tagged {@code
 * writer=outcome-writer}).
 */
@Component
final class OutcomeWriter implements SmartLifecycle, MeterBinder {

    /** The most outcomes written in one transaction. */
    static final int MAX_BATCH = 500;

    /**
     * How long a small batch waits for more outcomes before it is written. At a few hundred jobs a
     * second a commit (a WAL flush, about 1 ms of CPU on a small virtual machine) per one or two
     * outcomes costs PostgreSQL more than the rows do; a few milliseconds of waiting cut the
     * commits several times. Only the job's finish is later; its start is not affected.
     */
    static final Duration LINGER = Duration.ofMillis(5);

    /** A batch this large is written at once. */
    static final int FULL_ENOUGH = 64;

    private final GroupCommit<OutcomeWrite, Boolean> commit;

    OutcomeWriter(OutcomeRepository repository, DatabaseGuard database) {
        this.commit = GroupCommit.<OutcomeWrite, Boolean>builder(
                        "outcome-writer", "outcomes", batch -> database.run(() -> repository.apply(batch)))
                .linger(LINGER)
                .fullEnough(FULL_ENOUGH)
                .maxBatch(MAX_BATCH)
                .unavailable(e -> e instanceof CircuitOpenException || DatabaseGuard.isOutage(e))
                .logger(System.getLogger(OutcomeWriter.class.getName()))
                .build();
    }

    /**
     * Writes an outcome, in a batch with whatever else is being written, and waits for it.
     *
     * @return whether it applied; false when the attempt was fenced off
     * @throws RuntimeException when it could not be written; {@link DatabaseGuard#isOutage} or a
     *     {@link CircuitOpenException} says the database was unavailable and a retry may succeed
     */
    boolean write(OutcomeWrite write) {
        return commit.submit(write);
    }

    /** How many batches were written (or attempted) so far. */
    long batches() {
        return commit.batches();
    }

    /** How many writes wait for the writer thread. */
    int queued() {
        return commit.queued();
    }

    @Override
    public void start() {
        commit.start();
    }

    /** Writes what is queued, then stops the writer thread; later writes are written by their callers. */
    @Override
    public void stop() {
        commit.stop();
    }

    @Override
    public boolean isRunning() {
        return commit.isRunning();
    }

    /** Between the worker heartbeat (which drains jobs on stop) and the breaker snapshot writer. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1500;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        GroupCommitMeters.bind(commit, registry);
    }
}
