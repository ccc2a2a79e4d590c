package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.attempt.Cancellation;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.attempt.RemoteCancel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    private final RemoteWork remoteWork;
    private volatile Optional<Map<String, Object>> checkpoint;
    private @Nullable RegisteredCancel remoteCancel;
    private boolean remoteCancelStarted;
    private volatile long leaseEndsAt;

    /** A remote cancel the connector registered. */
    private record RegisteredCancel(String description, RemoteCancel action) {}

    RunningAttempt(ClaimedJob job, Clock clock, ProgressWriter progressWriter) {
        this(job, clock, progressWriter, RemoteWork.NONE);
    }

    RunningAttempt(ClaimedJob job, Clock clock, ProgressWriter progressWriter, RemoteWork remoteWork) {
        this.job = job;
        this.clock = clock;
        this.progressWriter = progressWriter;
        this.remoteWork = remoteWork;
        this.checkpoint = remoteWork.checkpointOf(job);
    }

    ClaimedJob job() {
        return job;
    }

    /**
     * When the attempt's lease ends at the latest, on {@link System#nanoTime()}: a lease of {@code
     * lease} that PostgreSQL started or renewed after {@code since}, when its statement was sent.
     */
    void leased(long since, Duration lease) {
        leaseEndsAt = since + lease.toNanos();
    }

    /** Whether less than {@code margin} of the lease is left at {@code nanoTime}. */
    boolean leaseEndsWithin(Duration margin, long nanoTime) {
        return nanoTime - (leaseEndsAt - margin.toNanos()) >= 0;
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
        startRemoteCancel();
        return true;
    }

    /**
     * Starts the registered remote cancel once, if the attempt was cancelled for a reason that ends
     * the remote work too: a revoke or the time limit. Not on shutdown or when another worker took
     * the job over: a later attempt resumes the remote work from the checkpoint.
     */
    private void startRemoteCancel() {
        CancelReason reason = cancelReason;
        RegisteredCancel registered;
        synchronized (this) {
            registered = remoteCancel;
            if (reason == null || registered == null || remoteCancelStarted || !endsRemoteWork(reason)) {
                return;
            }
            remoteCancelStarted = true;
        }
        remoteWork.cancelRemote(this, reason, registered.description(), registered.action());
    }

    private static boolean endsRemoteWork(CancelReason reason) {
        return switch (reason) {
            case REVOKED, SOFT_TIME_LIMIT, HARD_TIME_LIMIT -> true;
            case SHUTDOWN, SUPERSEDED, LEASE_LOST -> false;
        };
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

    @Override
    public Optional<Map<String, Object>> checkpoint() {
        return checkpoint;
    }

    @Override
    public void saveCheckpoint(Map<String, Object> checkpoint) {
        cancellation.throwIfCancelled();
        remoteWork.saveCheckpoint(job, checkpoint);
        this.checkpoint = Optional.of(Collections.unmodifiableMap(new LinkedHashMap<>(checkpoint)));
    }

    @Override
    public void clearCheckpoint() {
        remoteWork.saveCheckpoint(job, null);
        this.checkpoint = Optional.empty();
    }

    @Override
    public void onRemoteCancel(String description, RemoteCancel action) {
        synchronized (this) {
            remoteCancel = new RegisteredCancel(description, action);
        }
        // Cancelled before the registration: the remote work was started all the same.
        startRemoteCancel();
    }
}
