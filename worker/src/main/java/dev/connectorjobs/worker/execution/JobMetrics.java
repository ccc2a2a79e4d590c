package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.common.metrics.JobMeters.BREAKER;
import static dev.connectorjobs.common.metrics.JobMeters.CONNECTOR;
import static dev.connectorjobs.common.metrics.JobMeters.OPERATION;
import static dev.connectorjobs.common.metrics.JobMeters.OUTCOME;
import static dev.connectorjobs.common.metrics.JobMeters.QUEUE;
import static dev.connectorjobs.common.metrics.JobMeters.REASON;

import dev.connectorjobs.common.metrics.JobMeters;
import dev.connectorjobs.common.metrics.MeterCache;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The worker's job counters and timers (docs/metrics.md): attempts started and how long they waited,
 * jobs finished, retried and deferred, run time and end-to-end time. The meters of a kind of job
 * (queue, connector, operation) are registered together the first time one of its attempts starts
 * and cached, so an attempt costs a map lookup and a few increments, not tag building.
 */
@Component
final class JobMetrics implements AttemptListener {

    /** How an attempt ended, as the {@code outcome} tag of {@code jobs.run} says it. */
    enum AttemptEnd {
        SUCCESS(JobMeters.SUCCESS, true),
        FAILURE(JobMeters.FAILURE, true),
        REVOKED(JobMeters.REVOKED, true),
        RETRY("retry", false),
        DEFERRED("deferred", false);

        private final String tag;
        private final boolean finishesJob;

        AttemptEnd(String tag, boolean finishesJob) {
            this.tag = tag;
            this.finishesJob = finishesJob;
        }
    }

    private record JobKind(String queue, String connector, String operation) {
        static JobKind of(ClaimedJob job) {
            return new JobKind(job.queue(), job.connector(), job.operation());
        }
    }

    /** The meters of one kind of job. */
    private record Meters(
            Counter started,
            Timer queueWait,
            Counter retried,
            Counter deferredByBreaker,
            Timer[] run,
            Counter[] finished,
            Timer[] endToEnd) {}

    private final MeterCache<JobKind, Meters> meters;

    JobMetrics(MeterRegistry registry) {
        this.meters = new MeterCache<>(kind -> register(registry, kind));
    }

    @Override
    public void attemptStarted(ClaimedJob job) {
        Meters m = meters.get(JobKind.of(job));
        m.started().increment();
        m.queueWait().record(nonNegative(Duration.between(job.eligibleAt(), job.startedAt())));
    }

    /** An attempt's outcome was written: it ended {@code end} at {@code now}. */
    void ended(ClaimedJob job, AttemptEnd end, Instant now) {
        Meters m = meters.get(JobKind.of(job));
        m.run()[end.ordinal()].record(nonNegative(Duration.between(job.startedAt(), now)));
        if (end.finishesJob) {
            m.finished()[end.ordinal()].increment();
            m.endToEnd()[end.ordinal()].record(nonNegative(Duration.between(job.createdAt(), now)));
        } else if (end == AttemptEnd.RETRY) {
            m.retried().increment();
        } else {
            m.deferredByBreaker().increment();
        }
    }

    /** The written {@code write} ended its attempt; a hand-back ends nothing and is not counted. */
    void written(OutcomeWrite write) {
        if (write.kind() == OutcomeWrite.Kind.HAND_BACK) {
            return;
        }
        AttemptEnd end = switch (write.kind()) {
            case SUCCESS -> AttemptEnd.SUCCESS;
            case FAILURE -> AttemptEnd.FAILURE;
            case HAND_BACK -> throw new IllegalStateException("a hand-back ends no attempt");
            case RETRY -> deferredByBreaker(write) ? AttemptEnd.DEFERRED : AttemptEnd.RETRY;
        };
        ended(write.job(), end, write.now());
    }

    /**
     * A retry that spends none of the job's budget because its breaker was open. Other retries that
     * spend nothing (a connector's own {@code WorkerShuttingDown}) are retries, not held jobs.
     */
    private static boolean deferredByBreaker(OutcomeWrite write) {
        Outcome.Failed failure = write.failure();
        return failure != null && !failure.spendsRetry() && CircuitOpenException.ERROR_TYPE.equals(failure.errorType());
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Meters register(MeterRegistry registry, JobKind kind) {
        Tags byKind = Tags.of(QUEUE, kind.queue(), CONNECTOR, kind.connector(), OPERATION, kind.operation());
        Tags byQueue = Tags.of(QUEUE, kind.queue(), CONNECTOR, kind.connector());
        // Indexed by AttemptEnd.ordinal(); finished and endToEnd only for the ends that finish a job.
        int ends = AttemptEnd.values().length;
        Timer[] run = new Timer[ends];
        Counter[] finished = new Counter[ends];
        Timer[] endToEnd = new Timer[ends];
        for (AttemptEnd end : AttemptEnd.values()) {
            run[end.ordinal()] = JobMeters.timer(JobMeters.RUN, "How long attempts ran, by how they ended")
                    .tags(byKind)
                    .tag(OUTCOME, end.tag)
                    .register(registry);
            if (end.finishesJob) {
                finished[end.ordinal()] = Counter.builder(JobMeters.FINISHED)
                        .description("Jobs that ended, by outcome")
                        .tags(byKind)
                        .tag(OUTCOME, end.tag)
                        .register(registry);
                endToEnd[end.ordinal()] = JobMeters.timer(
                                JobMeters.END_TO_END, "From submission to the job's end, by outcome")
                        .tags(byQueue)
                        .tag(OUTCOME, end.tag)
                        .register(registry);
            }
        }
        return new Meters(
                Counter.builder(JobMeters.STARTED)
                        .description("Attempts started")
                        .tags(byKind)
                        .register(registry),
                JobMeters.timer(JobMeters.QUEUE_WAIT, "From when an attempt could run to when it started")
                        .tags(byQueue)
                        .register(registry),
                Counter.builder(JobMeters.RETRIED)
                        .description("Failed attempts followed by another attempt")
                        .tags(byKind)
                        .register(registry),
                Counter.builder(JobMeters.DEFERRED)
                        .description(JobMeters.DEFERRED_DESCRIPTION)
                        .tags(byQueue)
                        .tag(REASON, BREAKER)
                        .register(registry),
                run,
                finished,
                endToEnd);
    }
}
