package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.config.WorkerProperties;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Cancels running attempts whose lease the worker could not renew, a {@link #margin} before it ends
 * ({@link JobRunner#cancelLapsingLeases}). It runs on a thread of its own: the heartbeat's
 * thread may wait for PostgreSQL's connection timeout, longer than what is left of a lease.
 */
@Component
final class LeaseWatch {

    private static final Logger log = LoggerFactory.getLogger(LeaseWatch.class);
    private static final Duration LEAST_PERIOD = Duration.ofMillis(50);

    private final ScheduledThreadPoolExecutor timer;

    LeaseWatch(JobRunner runner, WorkerProperties properties) {
        Duration margin = margin(properties);
        Duration quarter = margin.dividedBy(4);
        long period = (quarter.compareTo(LEAST_PERIOD) < 0 ? LEAST_PERIOD : quarter).toMillis();
        this.timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("lease-watch").factory());
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        runner.cancelLapsingLeases(margin);
                    } catch (RuntimeException e) {
                        log.warn("Lease watch failed; it looks again in {} ms: {}", period, e.toString());
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    /**
     * How long before its end an unrenewed lease is given up: a heartbeat interval, at most a
     * quarter of the lease, so that a renewal due one interval after the last is never late.
     */
    static Duration margin(WorkerProperties properties) {
        Duration quarter = properties.lease().dividedBy(4);
        return properties.heartbeatInterval().compareTo(quarter) < 0 ? properties.heartbeatInterval() : quarter;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
