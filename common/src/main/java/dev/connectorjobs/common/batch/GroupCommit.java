package dev.connectorjobs.common.batch;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: callers {@link #submit} one item each and wait for its result, while one writer
 * thread takes everything queued (up to {@code maxBatch}) and writes it as one batch, then at once
 * takes what queued meanwhile. A batch smaller than {@code fullEnough} waits up to {@code linger}
 * for company; under load the batches grow by themselves, and the store commits once per batch
 * instead of once per item.
 *
 * <p>A batch that fails is written again item by item, so that a bad item fails only its own
 * caller. A failure that says the store is unavailable ({@code unavailable}) is everyone's: it
 * fails every item of the batch at once, and ends the item-by-item writing, whose remaining items
 * fail with it.
 *
 * <p>Before {@link #start} and after {@link #stop}, an item is written at once, alone, on its
 * caller's thread. {@link #stop} writes what is queued before it returns.
 *
 * @param <T> what callers submit
 * @param <R> the result of one item
 */
public final class GroupCommit<T, R> {

    /** How long a small batch waits for company, unless set: 5 ms. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

    /** The batch size that is written without lingering, unless set: 64. */
    public static final int DEFAULT_FULL_ENOUGH = 64;

    /** The most items written in one batch, unless set: 500. */
    public static final int DEFAULT_MAX_BATCH = 500;

    /** Writes one batch. */
    @FunctionalInterface
    public interface BatchWriter<T, R> {

        /**
         * Writes {@code batch} as one unit: all of it or, when it throws, none of it.
         *
         * @return the result of each item, in the order of {@code batch}
         */
        List<R> write(List<T> batch);
    }

    private final String name;
    private final String items;
    private final BatchWriter<T, R> writer;
    private final long lingerNanos;
    private final int fullEnough;
    private final int maxBatch;
    private final Predicate<? super RuntimeException> unavailable;
    private final System.Logger log;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queuedOrStopped = lock.newCondition();
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>(); // guarded by lock
    private boolean accepting; // guarded by lock
    private @Nullable Thread flusher; // guarded by lock
    private final AtomicLong batches = new AtomicLong();
    private volatile int lastBatchSize;

    private GroupCommit(Builder<T, R> builder) {
        this.name = builder.name;
        this.items = builder.items;
        this.writer = builder.writer;
        this.lingerNanos = builder.linger.toNanos();
        this.fullEnough = builder.fullEnough;
        this.maxBatch = builder.maxBatch;
        this.unavailable = builder.unavailable;
        this.log = builder.log;
    }

    /**
     * A group commit whose writer thread is called {@code name}.
     *
     * @param items what the items are, in log lines, e.g. {@code outcomes}
     */
    public static <T, R> Builder<T, R> builder(String name, String items, BatchWriter<T, R> writer) {
        return new Builder<>(name, items, writer);
    }

    /**
     * Writes {@code item} in a batch with whatever else is being written, and waits for it. The
     * wait ignores interrupts: the item is queued and will be written.
     *
     * @return its result
     * @throws RuntimeException the batch's failure, when the item could not be written
     */
    public R submit(T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        if (!enqueue(pending)) {
            write(List.of(pending));
        }
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Starts the writer thread; does nothing if it runs. */
    public void start() {
        lock.lock();
        try {
            if (flusher == null) {
                accepting = true;
                flusher = Thread.ofPlatform().daemon().name(name).start(this::writeUntilStopped);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops the writer thread; later items are written by their callers. */
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

    /** Whether the writer thread runs. */
    public boolean isRunning() {
        lock.lock();
        try {
            return flusher != null;
        } finally {
            lock.unlock();
        }
    }

    /** The name of the writer thread. */
    public String name() {
        return name;
    }

    /** How many items wait for the writer thread. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many batches were written, or tried, so far (item-by-item rewrites not counted). */
    public long batches() {
        return batches.get();
    }

    /** How many items the last batch held; 0 before the first. */
    public int lastBatchSize() {
        return lastBatchSize;
    }

    private boolean enqueue(Pending<T, R> pending) {
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

    private void writeUntilStopped() {
        while (true) {
            List<Pending<T, R>> batch = next();
            if (batch.isEmpty()) {
                return;
            }
            try {
                write(batch);
            } catch (RuntimeException | Error e) {
                // Never leave a caller waiting for an answer that will not come.
                log.log(Level.ERROR, "Could not write a batch of " + batch.size() + " " + items, e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
        }
    }

    /** The next batch; empty once stopped with nothing queued. */
    private List<Pending<T, R>> next() {
        lock.lock();
        try {
            while (queue.isEmpty() && accepting) {
                queuedOrStopped.awaitUninterruptibly();
            }
            long lingerLeft = lingerNanos;
            while (accepting && queue.size() < fullEnough && lingerLeft > 0) {
                try {
                    lingerLeft = queuedOrStopped.awaitNanos(lingerLeft);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<Pending<T, R>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                batch.add(queue.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void write(List<Pending<T, R>> batch) {
        batches.incrementAndGet();
        lastBatchSize = batch.size();
        try {
            complete(batch, writer.write(batch.stream().map(Pending::item).toList()));
        } catch (RuntimeException e) {
            if (batch.size() == 1 || unavailable.test(e)) {
                batch.forEach(p -> p.result().completeExceptionally(e));
            } else {
                log.log(
                        Level.WARNING,
                        "A batch of {0} {1} failed ({2}); writing them one by one",
                        batch.size(),
                        items,
                        e.toString());
                writeOneByOne(batch);
            }
        }
    }

    /** Writes each in a batch of its own, so that one bad item fails alone. */
    private void writeOneByOne(List<Pending<T, R>> batch) {
        @Nullable RuntimeException unavailableFailure = null;
        for (Pending<T, R> pending : batch) {
            if (unavailableFailure != null) {
                pending.result().completeExceptionally(unavailableFailure);
                continue;
            }
            try {
                complete(List.of(pending), writer.write(List.of(pending.item())));
            } catch (RuntimeException e) {
                unavailableFailure = unavailable.test(e) ? e : null;
                pending.result().completeExceptionally(e);
            }
        }
    }

    private void complete(List<Pending<T, R>> batch, List<R> results) {
        if (results.size() != batch.size()) {
            throw new IllegalStateException("The writer of " + name + " returned " + results.size() + " results for "
                    + batch.size() + " " + items + "; it must return one per item, in order");
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {}

    /**
     * Options of a {@link GroupCommit}; each has the default its setter names.
     *
     * @param <T> what callers submit
     * @param <R> the result of one item
     */
    public static final class Builder<T, R> {

        private final String name;
        private final String items;
        private final BatchWriter<T, R> writer;
        private Duration linger = DEFAULT_LINGER;
        private int fullEnough = DEFAULT_FULL_ENOUGH;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Predicate<? super RuntimeException> unavailable = e -> false;
        private System.Logger log = System.getLogger(GroupCommit.class.getName());

        private Builder(String name, String items, BatchWriter<T, R> writer) {
            this.name = Objects.requireNonNull(name);
            this.items = Objects.requireNonNull(items);
            this.writer = Objects.requireNonNull(writer);
        }

        /** How long a batch smaller than {@link #fullEnough} waits for company; default {@link GroupCommit#DEFAULT_LINGER}. */
        public Builder<T, R> linger(Duration linger) {
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, was " + linger);
            }
            this.linger = linger;
            return this;
        }

        /** A batch this large is written without lingering; default {@value GroupCommit#DEFAULT_FULL_ENOUGH}. */
        public Builder<T, R> fullEnough(int fullEnough) {
            if (fullEnough < 1) {
                throw new IllegalArgumentException("fullEnough must be at least 1, was " + fullEnough);
            }
            this.fullEnough = fullEnough;
            return this;
        }

        /** The most items in one batch; default {@value GroupCommit#DEFAULT_MAX_BATCH}. */
        public Builder<T, R> maxBatch(int maxBatch) {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
            }
            this.maxBatch = maxBatch;
            return this;
        }

        /**
         * Which failures say the store is unavailable, so that writing items one by one cannot help;
         * default none.
         */
        public Builder<T, R> unavailable(Predicate<? super RuntimeException> unavailable) {
            this.unavailable = Objects.requireNonNull(unavailable);
            return this;
        }

        /** Where failures are logged; default the logger named after this class. */
        public Builder<T, R> logger(System.Logger log) {
            this.log = Objects.requireNonNull(log);
            return this;
        }

        /**
         * The group commit, not started.
         *
         * @throws IllegalArgumentException when {@code fullEnough} is larger than {@code maxBatch}
         */
        public GroupCommit<T, R> build() {
            if (fullEnough > maxBatch) {
                throw new IllegalArgumentException(
                        "fullEnough (" + fullEnough + ") must not be larger than maxBatch (" + maxBatch + ")");
            }
            return new GroupCommit<>(this);
        }
    }
}
