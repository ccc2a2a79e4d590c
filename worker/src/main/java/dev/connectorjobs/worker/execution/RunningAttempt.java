package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.attempt.Cancellation;
import dev.connectorjobs.worker.attempt.JobContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One attempt in flight on this worker: its context, its thread, and whether it has ended. */
final class RunningAttempt implements JobContext {

    private static final long PROGRESS_INTERVAL_MS = 1_000;

    private final ClaimedJob job;
    private final Cancellation cancellation = new Cancellation();
    private final Object endLock = new Object();
    private boolean ended;
    private boolean endedByJobThread;
    private final Clock clock;
    private final ProgressWriter progressWriter;
    private volatile @Nullable Thread thread;
    private volatile @Nullable CancelReason cancelReason;
    private volatile long lastProgressWrite;

    RunningAttempt(ClaimedJob job, Clock clock, ProgressWriter progressWriter) {
        this.job = job;
        this.clock = clock;
        this.progressWriter = progressWriter;
    }

    ClaimedJob job() {
        return job;
    }

    void bind(Thread thread) {
        this.thread = thread;
    }

    /**
     * Marks the attempt ended; only the first caller gets true and may record the outcome. Once the
     * job's own thread has ended it, the thread is never interrupted again, so the interrupt cannot
     * break the database connection that records the outcome.
     */
    boolean end() {
        synchronized (endLock) {
            if (ended) {
                return false;
            }
            ended = true;
            endedByJobThread = Thread.currentThread() == thread;
            return true;
        }
    }

    /** Cancels cooperatively and interrupts the job's thread; the first reason wins. */
    boolean cancel(CancelReason reason) {
        synchronized (this) {
            if (cancelReason != null) {
                return false;
            }
            cancelReason = reason;
        }
        cancellation.cancel(reason.description());
        synchronized (endLock) {
            Thread t = thread;
            if (t != null && !endedByJobThread) {
                t.interrupt();
            }
        }
        return true;
    }

    /** Why the attempt was cancelled, if it was. */
    @Nullable
    CancelReason cancelReason() {
        return cancelReason;
    }

    /** The attempt's thread, once started. */
    @Nullable
    Thread thread() {
        return thread;
    }

    @Override
    public UUID jobId() {
        return job.id();
    }

    @Override
    public int attempt() {
        return job.attempt();
    }

    @Override
    public String connector() {
        return job.connector();
    }

    @Override
    public String operation() {
        return job.operation();
    }

    @Override
    public Map<String, Object> params() {
        return job.params();
    }

    @Override
    public String correlationId() {
        return job.correlationId();
    }

    @Override
    public Instant deadline() {
        return job.deadline();
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void progress(long current, long total, String message) {
        long now = clock.millis();
        boolean last = total > 0 && current >= total;
        if (!last && now - lastProgressWrite < PROGRESS_INTERVAL_MS) {
            return;
        }
        lastProgressWrite = now;
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("current", current);
        progress.put("total", total);
        progress.put("message", message);
        progress.put("updated_at", clock.instant().toString());
        progressWriter.write(job, progress);
    }
}
