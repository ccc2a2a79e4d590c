package dev.connectorjobs.worker.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One platform daemon thread for every attempt's time limits. The wait until an instant is measured
 * on the worker's {@link Clock} when the task is scheduled.
 *
 * <p>A cancelled task leaves the queue at once: otherwise each finished job would leave two
 * cancelled tasks behind until its deadline, a queue of hundreds of thousands at a few thousand jobs
 * per second.
 */
@Component
final class TimerThread implements DeadlineScheduler {

    private final Clock clock;
    private final ScheduledThreadPoolExecutor timer;

    TimerThread(Clock clock) {
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("job-time-limits").factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        long delayMillis = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        var scheduled = timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> scheduled.cancel(false);
    }
}
