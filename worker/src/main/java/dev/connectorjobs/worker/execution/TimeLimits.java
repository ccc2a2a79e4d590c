package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.config.WorkerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The two time limits of every attempt, enforced by the worker rather than by the job.
 *
 * <ul>
 *   <li>The soft limit, at the deadline minus {@code min(jobs.worker.soft-limit-margin, timeout /
 *       10)}, cancels the attempt cooperatively (token, thread interrupt, abort of in-flight
 *       requests) so that it can clean up.
 *   <li>The hard limit, at the deadline, ends the attempt unless it has ended already (the fence
 *       that lets only one party record it), cancels it, and records {@value #ERROR_TYPE} whatever
 *       the thread still does. A thread that still runs then is counted as stuck.
 * </ul>
 */
@Component
final class TimeLimits {

    /** The error type recorded for an attempt that ran past its time limit. */
    static final String ERROR_TYPE = "TimeLimitExceeded";

    private static final Logger log = LoggerFactory.getLogger(TimeLimits.class);
    private static final ThreadFactory RECORDING_THREADS =
            Thread.ofVirtual().name("time-limit-", 0).factory();

    private final Duration softLimitMargin;
    private final DeadlineScheduler scheduler;
    private final OutcomeSink outcomes;
    private final StuckThreadCensus stuck;
    private final Executor recording;

    @Autowired
    TimeLimits(
            WorkerProperties properties, DeadlineScheduler scheduler, OutcomeSink outcomes, StuckThreadCensus stuck) {
        // Recorded off the scheduler's thread: a database outage must not delay the other time limits.
        this(
                properties.softLimitMargin(),
                scheduler,
                outcomes,
                stuck,
                task -> RECORDING_THREADS.newThread(task).start());
    }

    /**
     * @param recording runs the recording of a hard limit, off the scheduler's thread
     */
    TimeLimits(
            Duration softLimitMargin,
            DeadlineScheduler scheduler,
            OutcomeSink outcomes,
            StuckThreadCensus stuck,
            Executor recording) {
        this.softLimitMargin = softLimitMargin;
        this.scheduler = scheduler;
        this.outcomes = outcomes;
        this.stuck = stuck;
        this.recording = recording;
    }

    /** Both limits of an attempt, until it ends. */
    interface Armed {

        /** Cancels the limits that have not fired yet; called when the attempt ends first. */
        void disarm();
    }

    /** Schedules the soft and the hard limit of {@code attempt}. */
    Armed arm(RunningAttempt attempt) {
        ClaimedJob job = attempt.job();
        DeadlineScheduler.Scheduled soft =
                scheduler.schedule(softLimit(job, softLimitMargin), () -> attempt.cancel(CancelReason.SOFT_TIME_LIMIT));
        DeadlineScheduler.Scheduled hard = scheduler.schedule(job.deadline(), () -> hardLimitReached(attempt));
        return () -> {
            soft.cancel();
            hard.cancel();
        };
    }

    /** When the soft limit of {@code job} cancels it: a margin before its deadline, at most a tenth of its limit. */
    static Instant softLimit(ClaimedJob job, Duration margin) {
        Duration tenth = Duration.ofSeconds(job.timeoutSeconds()).dividedBy(10);
        return job.deadline().minus(margin.compareTo(tenth) <= 0 ? margin : tenth);
    }

    /** The failure recorded when an attempt runs past its time limit. */
    static Outcome.Failed exceeded(ClaimedJob job) {
        return Outcome.Failed.permanent(
                ERROR_TYPE,
                "The attempt ran longer than its time limit of " + job.timeoutSeconds()
                        + " s; raise timeout_seconds if the operation legitimately needs longer");
    }

    private void hardLimitReached(RunningAttempt attempt) {
        if (!attempt.end()) {
            return;
        }
        ClaimedJob job = attempt.job();
        attempt.cancel(CancelReason.HARD_TIME_LIMIT);
        Thread thread = attempt.thread();
        if (thread != null && thread.isAlive()) {
            stuck.outlived(thread);
        }
        recording.execute(() -> {
            JobMdc.put(job);
            try {
                outcomes.record(job, exceeded(job));
            } catch (RuntimeException e) {
                log.error("Could not record the time limit; the lease will expire and the job be retried", e);
            } finally {
                JobMdc.clear();
            }
        });
    }
}
