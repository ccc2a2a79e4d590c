package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.config.WorkerProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness and liveness (both health groups include it, worker.yml): DOWN when more job threads
 * outlived their hard time limit than {@code jobs.worker.max-stuck-threads}. The JVM cannot stop
 * such threads; restarting the worker can, and Kubernetes restarts on liveness only.
 * Circuit breakers never feed health: an outage of one external service must not take workers out.
 */
@Component("stuckThreads")
final class StuckThreadsHealth implements HealthIndicator {

    private final JobRunner runner;
    private final WorkerProperties properties;

    StuckThreadsHealth(JobRunner runner, WorkerProperties properties) {
        this.runner = runner;
        this.properties = properties;
    }

    @Override
    public Health health() {
        int stuck = runner.stuckThreads();
        Health.Builder health = stuck > properties.maxStuckThreads() ? Health.down() : Health.up();
        return health.withDetail("stuck_threads", stuck)
                .withDetail("max_stuck_threads", properties.maxStuckThreads())
                .withDetail("running", runner.runningCount())
                .build();
    }
}
