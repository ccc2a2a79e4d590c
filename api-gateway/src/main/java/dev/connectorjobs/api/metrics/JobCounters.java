package dev.connectorjobs.api.metrics;

import static dev.connectorjobs.common.metrics.JobMeters.CONNECTOR;
import static dev.connectorjobs.common.metrics.JobMeters.OPERATION;
import static dev.connectorjobs.common.metrics.JobMeters.OUTCOME;
import static dev.connectorjobs.common.metrics.JobMeters.QUEUE;

import dev.connectorjobs.common.metrics.JobMeters;
import dev.connectorjobs.common.metrics.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import org.springframework.stereotype.Component;

/**
 * Counts the job events the api-gateway sees. Counters are resolved once per kind of job (or queue)
 * and cached, so counting costs a map lookup.
 *
 * <p>A revoke is counted here ({@code jobs.finished{outcome=revoked}}) only when the job was waiting;
 * the worker that ran a revoked job counts it when it records the revoked attempt, so the two
 * services' counts add up without counting a job twice.
 */
@Component
public final class JobCounters {

    private record Kind(String queue, String connector, String operation) {}

    private record QueueMeters(Counter reaped, Counter poisoned, Counter redriven) {}

    private final MeterCache<Kind, Counter> submitted;
    private final MeterCache<Kind, Counter> revoked;
    private final MeterCache<String, QueueMeters> byQueue;

    JobCounters(MeterRegistry registry) {
        this.submitted = new MeterCache<>(k -> Counter.builder(JobMeters.SUBMITTED)
                .description("Jobs accepted (idempotent replays are not counted)")
                .tags(QUEUE, k.queue(), CONNECTOR, k.connector(), OPERATION, k.operation())
                .register(registry));
        this.revoked = new MeterCache<>(k -> Counter.builder(JobMeters.FINISHED)
                .description("Jobs that ended, by outcome")
                .tags(QUEUE, k.queue(), CONNECTOR, k.connector(), OPERATION, k.operation())
                .tag(OUTCOME, JobMeters.REVOKED)
                .register(registry));
        this.byQueue = new MeterCache<>(queue -> new QueueMeters(
                Counter.builder(JobMeters.REAPED)
                        .description("Running jobs whose worker was lost (lease expired), handed on or poisoned")
                        .tag(QUEUE, queue)
                        .register(registry),
                Counter.builder(JobMeters.POISONED)
                        .description("Jobs failed with PoisonJob after losing their worker too many times in a row")
                        .tag(QUEUE, queue)
                        .register(registry),
                Counter.builder(JobMeters.REDRIVEN)
                        .description("Finished jobs (FAILURE, REVOKED) started again by a re-drive")
                        .tag(QUEUE, queue)
                        .register(registry)));
    }

    /** {@code count} jobs of one kind were accepted. */
    public void submitted(String queue, String connector, String operation, int count) {
        submitted.get(new Kind(queue, connector, operation)).increment(count);
    }

    /** A job that was waiting (not running) was revoked. */
    public void revokedWhileWaiting(String queue, String connector, String operation) {
        revoked.get(new Kind(queue, connector, operation)).increment();
    }

    /**
     * Registers the reaper's and re-drive's counters of {@code queues} now, so that their series exist (at 0)
     * before the first reap: Prometheus' {@code increase} cannot see the first event of a series
     * that appears with it.
     */
    public void knownQueues(Collection<String> queues) {
        queues.forEach(byQueue::get);
    }

    /**
     * {@code count} finished jobs of {@code queue} were re-driven: each ends once more, so the jobs
     * that end are those submitted plus those re-driven.
     */
    public void redriven(String queue, int count) {
        byQueue.get(queue).redriven().increment(count);
    }

    /** The reaper handed on a job whose worker was lost; {@code poisoned} when it failed it instead. */
    public void reaped(String queue, boolean poisoned) {
        QueueMeters m = byQueue.get(queue);
        m.reaped().increment();
        if (poisoned) {
            m.poisoned().increment();
        }
    }
}
