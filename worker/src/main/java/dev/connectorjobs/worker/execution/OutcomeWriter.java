package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.database.DatabaseGuard;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Write-behind group commit of attempts' outcomes. Job threads {@link #write} and wait; one flusher
 * thread takes everything queued (up to {@value #MAX_BATCH}) and writes it in one transaction, then
 * at once takes what queued meanwhile. A small batch waits up to {@link #LINGER} for company; under
 * load the batches grow, and PostgreSQL commits once per batch instead of once per job.
 *
 * <p>A batch counts once against the database breaker ({@link DatabaseGuard#run}). When the
 * database is unreachable every write of the batch fails with that error, for its caller to retry
 * ({@link DatabaseGuard#retryGuardedUntil}). Any other failure is one write's: the batch's writes
 * are then written one by one, so only the bad one fails.
 *
 * <p>Starts before and stops after the worker heartbeat, which drains running jobs on stop: what is
 * queued then is still written. Before start and after stop a write is written at once, on the
 * caller's thread.
 */
@Component
final class OutcomeWriter implements SmartLifecycle {

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

    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);

    private final OutcomeRepository repository;
    private final DatabaseGuard database;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queuedOrStopped = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by lock
    private boolean accepting; // guarded by lock
    private @Nullable Thread flusher; // guarded by lock
    private final AtomicLong batches = new AtomicLong();

    OutcomeWriter(OutcomeRepository repository, DatabaseGuard database) {
        this.repository = repository;
        this.database = database;
    }

    /**
     * Writes an outcome, in a batch with whatever else is being written, and waits for it.
     *
     * @return whether it applied; false when the attempt was fenced off
     * @throws RuntimeException when it could not be written; {@link DatabaseGuard#isOutage} or a
     *     {@link CircuitOpenException} says the database was unavailable and a retry may succeed
     */
    boolean write(OutcomeWrite write) {
        Pending pending = new Pending(write, new CompletableFuture<>());
        if (!enqueue(pending)) {
            flush(List.of(pending));
        }
        try {
            // join() ignores interrupts: the write is queued and will be written, so its caller waits.
            return pending.applied().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** How many batches were written (or attempted) so far. */
    long batches() {
        return batches.get();
    }

    /** How many writes wait for the flusher. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (flusher == null) {
                accepting = true;
                flusher = Thread.ofPlatform().daemon().name("outcome-writer").start(this::flushUntilStopped);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops the flusher; later writes are written by their callers. */
    @Override
    public void stop() {
        Thread stopping;
        lock.lock();
        try {
            accepting = false;
            queuedOrStopped.signalAll();
            stopping = flusher;
            flusher = null;
        } finally {
            lock.unlock();
        }
        if (stopping != null) {
            try {
                stopping.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return flusher != null;
        } finally {
            lock.unlock();
        }
    }

    /** Between the worker heartbeat (which drains jobs on stop) and the breaker snapshot writer. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1500;
    }

    private boolean enqueue(Pending pending) {
        lock.lock();
        try {
            if (!accepting) {
                return false;
            }
            queue.add(pending);
            queuedOrStopped.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void flushUntilStopped() {
        while (true) {
            List<Pending> batch = next();
            if (batch.isEmpty()) {
                return;
            }
            try {
                flush(batch);
            } catch (RuntimeException | Error e) {
                log.error("Could not write a batch of {} outcomes", batch.size(), e);
                batch.forEach(p -> p.applied().completeExceptionally(e));
            }
        }
    }

    /** The next batch; empty once stopped with nothing queued. */
    private List<Pending> next() {
        lock.lock();
        try {
            while (queue.isEmpty() && accepting) {
                queuedOrStopped.awaitUninterruptibly();
            }
            long lingerLeft = LINGER.toNanos();
            while (accepting && queue.size() < FULL_ENOUGH && lingerLeft > 0) {
                try {
                    lingerLeft = queuedOrStopped.awaitNanos(lingerLeft);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void flush(List<Pending> batch) {
        batches.incrementAndGet();
        try {
            List<Boolean> applied = database.run(() -> repository.apply(writes(batch)));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).applied().complete(applied.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1 || isUnavailable(e)) {
                batch.forEach(p -> p.applied().completeExceptionally(e));
            } else {
                log.warn("A batch of {} outcomes failed ({}); writing them one by one", batch.size(), e.toString());
                flushOneByOne(batch);
            }
        }
    }

    /** Writes each in its own transaction, so that one bad write fails alone. */
    private void flushOneByOne(List<Pending> batch) {
        @Nullable RuntimeException unavailable = null;
        for (Pending pending : batch) {
            if (unavailable != null) {
                pending.applied().completeExceptionally(unavailable);
                continue;
            }
            try {
                pending.applied()
                        .complete(database.run(() -> repository.apply(List.of(pending.write())))
                                .getFirst());
            } catch (RuntimeException e) {
                unavailable = isUnavailable(e) ? e : null;
                pending.applied().completeExceptionally(e);
            }
        }
    }

    private static boolean isUnavailable(RuntimeException e) {
        return e instanceof CircuitOpenException || DatabaseGuard.isOutage(e);
    }

    private static List<OutcomeWrite> writes(List<Pending> batch) {
        return batch.stream().map(Pending::write).toList();
    }

    private record Pending(OutcomeWrite write, CompletableFuture<Boolean> applied) {}
}
