package dev.connectorjobs.api.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Group commit of single submissions: concurrent requests share one INSERT and one commit. Each
 * request waits until the statement that holds its row has committed, so a 202 still means the job
 * is stored. One writer takes everything queued (a small batch waits up to 2 ms for company),
 * writes it, and takes what queued meanwhile: under load batches grow by themselves.
 *
 * <p>A failed batch is written again row by row, so that one bad row fails only its own request;
 * when the database is unreachable every request of the batch fails at once instead.
 */
@Component
final class JobInserts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobInserts.class);
    private static final int MAX_BATCH = 500;

    /**
     * How long a small batch waits for more submissions. At a few hundred submissions a second a
     * commit (a WAL flush, about 1 ms of CPU on a small virtual machine) per one or two rows costs
     * PostgreSQL more than the rows do; 2 ms of waiting halve the commits or better.
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** A batch this large is written at once. */
    private static final int FULL_ENOUGH = 64;

    private record Pending(NewJob job, CompletableFuture<Boolean> inserted) {}

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final JobRepository jobs;
    private volatile boolean running;
    private @Nullable Thread writer; // set by start()

    JobInserts(JobRepository jobs) {
        this.jobs = jobs;
    }

    /**
     * Stores the job, waiting for the commit.
     *
     * @return false when the client already holds the job's idempotency key
     */
    boolean insert(NewJob job) {
        if (!running) {
            return jobs.insert(List.of(job)).contains(job.id());
        }
        Pending pending = new Pending(job, new CompletableFuture<>());
        queue.add(pending);
        if (!running) {
            writeQueued(); // stopped meanwhile: nobody else will take it
        }
        try {
            return pending.inserted().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Submissions waiting for the next statement. */
    int queued() {
        return queue.size();
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("job-inserts").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread loop = writer;
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writeQueued();
    }

    private void writeQueued() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        write(rest);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server has finished its requests (which stops at a higher phase). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                batch.add(queue.take());
                long lingerUntil = System.nanoTime() + LINGER_NANOS;
                queue.drainTo(batch, MAX_BATCH - batch.size());
                while (batch.size() < FULL_ENOUGH) {
                    Pending next = queue.poll(lingerUntil - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                }
            } catch (InterruptedException e) {
                write(batch);
                return;
            }
            try {
                write(batch);
            } catch (Error e) {
                // Never leave a request waiting for an answer that will not come.
                batch.forEach(p -> p.inserted().completeExceptionally(e));
                log.error("Could not write a batch of {} submissions", batch.size(), e);
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            Set<UUID> inserted = jobs.insert(batch.stream().map(Pending::job).toList());
            batch.forEach(p -> p.inserted().complete(inserted.contains(p.job().id())));
        } catch (RuntimeException e) {
            if (batch.size() == 1 || isOutage(e)) {
                batch.forEach(p -> p.inserted().completeExceptionally(e));
                return;
            }
            log.warn("A batch of {} submissions failed; writing them one by one: {}", batch.size(), e.toString());
            for (Pending p : batch) {
                write(List.of(p));
            }
        }
    }

    private static boolean isOutage(Throwable e) {
        return e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException
                || e instanceof CannotCreateTransactionException;
    }
}
