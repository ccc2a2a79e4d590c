package dev.connectorjobs.worker.execution;

import java.time.Instant;

/**
 * Runs a task once an instant of the worker's clock has come: the only way time passes for the
 * time limits. The application runs the tasks on a {@link TimerThread}; tests tick a scheduler by
 * hand together with a settable clock, so that they never sleep.
 */
interface DeadlineScheduler {

    /**
     * Runs {@code task} at {@code at}, or at once if that has passed.
     *
     * @return the handle that cancels the task if it has not run yet
     */
    Scheduled schedule(Instant at, Runnable task);

    /** A task waiting for its instant. */
    interface Scheduled {

        /** Cancels the task unless it has run; it then never runs. */
        void cancel();
    }
}
