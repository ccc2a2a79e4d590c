package dev.connectorjobs.worker.attempt;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Cooperative cancellation of one attempt. The runner cancels it on revoke, on the time limit and
 * on shutdown; the job's thread is interrupted too. Connectors check it between steps, wait on it
 * instead of sleeping, and register callbacks that abort in-flight I/O (such as an HTTP request).
 */
public final class Cancellation {

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private volatile @Nullable String reason;

    /** Whether the attempt has been cancelled. */
    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Why it was cancelled, if it was. */
    public @Nullable String reason() {
        return reason;
    }

    /**
     * Throws if the attempt has been cancelled.
     *
     * @throws JobCancelledException when cancelled
     */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new JobCancelledException(reason);
        }
    }

    /**
     * Waits for {@code duration} unless cancelled first.
     *
     * @throws JobCancelledException when cancelled before or during the wait
     */
    public void sleep(Duration duration) {
        try {
            if (cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new JobCancelledException(reason);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException(reason == null ? "interrupted" : reason);
        }
    }

    /** Runs {@code callback} when the attempt is cancelled (at once if it already is). */
    public void onCancel(Runnable callback) {
        callbacks.add(callback);
        if (isCancelled() && callbacks.remove(callback)) {
            callback.run();
        }
    }

    /** Cancels; the first reason wins. Returns false if it was already cancelled. */
    public boolean cancel(String why) {
        synchronized (this) {
            if (isCancelled()) {
                return false;
            }
            reason = why;
            cancelled.countDown();
        }
        for (Runnable callback : callbacks) {
            if (callbacks.remove(callback)) {
                try {
                    callback.run();
                } catch (RuntimeException ignored) {
                    // an abort callback failing must not stop the others
                }
            }
        }
        return true;
    }
}
