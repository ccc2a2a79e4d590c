package dev.connectorjobs.worker.execution;

import dev.connectorjobs.common.tracing.JobTraces;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.config.WorkerProperties;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.ConnectorRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs claimed jobs, each on its own virtual thread, at most {@code jobs.worker.concurrency} at once.
 *
 * <p>The steward of this worker's running attempts: their capacity, their start, their
 * cancellation (revoke, reconcile against the database) and the drain on shutdown. The consumer
 * reserves capacity before it claims, so a claimed job always starts at once. {@link TimeLimits}
 * enforces each attempt's time limits and {@link OutcomeRecorder} records how it ended. The JVM
 * cannot kill a thread: one that ignores cancellation keeps its slot, is counted as stuck ({@link
 * StuckThreadCensus}), and past a threshold makes the worker not-ready so that it gets restarted.
 */
@Component
public final class JobRunner implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final ConnectorRegistry connectors;
    private final OutcomeRepository outcomes;
    private final OutcomeRecorder recorder;
    private final TimeLimits timeLimits;
    private final StuckThreadCensus stuck;
    private final WorkerProperties properties;
    private final Clock clock;
    private final List<AttemptListener> listeners;
    private final RemoteWork remoteWork;
    private final JobTraces traces;
    private final Semaphore capacity;
    private final Map<UUID, RunningAttempt> running = new ConcurrentHashMap<>();

    JobRunner(
            ConnectorRegistry connectors,
            OutcomeRepository outcomes,
            OutcomeRecorder recorder,
            TimeLimits timeLimits,
            StuckThreadCensus stuck,
            WorkerProperties properties,
            Clock clock,
            List<AttemptListener> listeners,
            RemoteWork remoteWork,
            JobTraces traces) {
        this.traces = traces;
        this.connectors = connectors;
        this.outcomes = outcomes;
        this.recorder = recorder;
        this.timeLimits = timeLimits;
        this.stuck = stuck;
        this.properties = properties;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.remoteWork = remoteWork;
        this.capacity = new Semaphore(properties.concurrency());
    }

    /**
     * Reserves room for up to {@code wanted} jobs without waiting.
     *
     * @return how many were reserved (0 when the worker is full)
     */
    public int reserve(int wanted) {
        while (true) {
            int free = capacity.availablePermits();
            int take = Math.min(free, wanted);
            if (take <= 0) {
                return 0;
            }
            if (capacity.tryAcquire(take)) {
                return take;
            }
        }
    }

    /**
     * Reserves room for {@code wanted} jobs, waiting up to {@code maxWait} for running jobs to make
     * room. Short jobs free their slots within milliseconds, so a short wait spares the consumer a
     * seek-back and a redelivery.
     *
     * @return how many were reserved (0 when the worker stayed full)
     */
    public int reserve(int wanted, Duration maxWait) {
        int reserved = reserve(wanted);
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (reserved < wanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !capacity.tryAcquire(1, left, TimeUnit.NANOSECONDS)) {
                    break;
                }
                reserved += 1 + reserve(wanted - reserved - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reserved;
    }

    /** Gives back reservations that were not used. */
    public void release(int reserved) {
        if (reserved > 0) {
            capacity.release(reserved);
        }
    }

    /**
     * Starts a claimed job on a reservation made with {@link #reserve}.
     *
     * @param claimSentAt {@link System#nanoTime()} when the claim that started the job's lease was sent
     */
    public void start(ClaimedJob job, long claimSentAt) {
        RunningAttempt attempt = new RunningAttempt(job, clock, recorder, remoteWork);
        attempt.leased(claimSentAt, properties.lease());
        running.put(job.id(), attempt);
        TimeLimits.Armed limits = timeLimits.arm(attempt);
        Thread thread = Thread.ofVirtual().name("job-" + job.id()).unstarted(() -> execute(attempt, limits));
        attempt.bind(thread);
        for (AttemptListener listener : listeners) {
            listener.attemptStarted(job);
        }
        thread.start();
    }

    /** Ids of the jobs running on this worker. */
    public Set<UUID> runningJobIds() {
        return Set.copyOf(running.keySet());
    }

    /** The context of a running job, e.g. to report progress on its behalf. */
    public Optional<JobContext> progressOf(UUID jobId) {
        return Optional.ofNullable(running.get(jobId));
    }

    /** How many jobs are running. */
    public int runningCount() {
        return running.size();
    }

    /** Job threads that outlived their attempt's end (hard limit, revoke) and still run. */
    public int stuckThreads() {
        return stuck.count();
    }

    /**
     * Publishes {@code jobs.worker.slots} ({@code state=total}: the concurrency; {@code state=busy}:
     * slots taken by running jobs, stuck threads and reservations) and {@code
     * jobs.worker.stuck.threads}.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("jobs.worker.slots", properties, WorkerProperties::concurrency)
                .description("Job slots of this worker, by state")
                .tag("state", "total")
                .register(registry);
        Gauge.builder("jobs.worker.slots", this, r -> r.properties.concurrency() - r.capacity.availablePermits())
                .description("Job slots of this worker, by state")
                .tag("state", "busy")
                .register(registry);
        Gauge.builder("jobs.worker.stuck.threads", this, JobRunner::stuckThreads)
                .description("Job threads that outlived their attempt's end and still run")
                .register(registry);
    }

    /**
     * Cancels the running attempt of a job, if it runs here.
     *
     * @return whether an attempt of that job was running here and is now cancelled
     */
    public boolean cancel(UUID jobId, CancelReason reason) {
        RunningAttempt attempt = running.get(jobId);
        if (attempt == null) {
            return false;
        }
        boolean cancelled = attempt.cancel(reason);
        if (cancelled) {
            JobMdc.put(attempt.job());
            log.info("Cancelling the running attempt: {}", reason.description());
            JobMdc.clear();
        }
        return cancelled;
    }

    /**
     * Records that PostgreSQL renewed the leases of {@code jobs} by a statement sent at {@code
     * sentAt} ({@link System#nanoTime()}).
     */
    public void leasesRenewed(Collection<UUID> jobs, long sentAt) {
        for (UUID id : jobs) {
            RunningAttempt attempt = running.get(id);
            if (attempt != null) {
                attempt.leased(sentAt, properties.lease());
            }
        }
    }

    /**
     * Cancels the attempts whose lease ends within {@code margin} without a renewal: PostgreSQL did
     * not answer the heartbeats, and once the lease ends the reaper may give the job to another
     * worker. They record nothing (the reaper records the lost attempt), so an attempt never runs
     * alongside the next one of its job.
     */
    void cancelLapsingLeases(Duration margin) {
        long now = System.nanoTime();
        for (RunningAttempt attempt : List.copyOf(running.values())) {
            if (attempt.leaseEndsWithin(margin, now) && attempt.cancel(CancelReason.LEASE_LOST)) {
                JobMdc.put(attempt.job());
                log.warn(
                        "Cancelled the attempt: its lease could not be renewed and ends within {}; the reaper hands"
                                + " the job to another worker. Check this worker's connection to PostgreSQL",
                        margin);
                JobMdc.clear();
            }
        }
    }

    /**
     * Cancels attempts the database no longer assigns to this worker (revoked, reaped, superseded):
     * the fallback for control messages that never arrived.
     */
    public void reconcile() {
        List<UUID> ids = List.copyOf(running.keySet());
        if (ids.isEmpty()) {
            return;
        }
        Map<UUID, OutcomeRepository.Current> current = outcomes.current(ids);
        for (UUID id : ids) {
            RunningAttempt attempt = running.get(id);
            OutcomeRepository.Current row = current.get(id);
            if (attempt == null || (row != null && row.isOwnedBy(attempt.job(), properties.workerId()))) {
                continue;
            }
            CancelReason reason =
                    row != null && "REVOKED".equals(row.status()) ? CancelReason.REVOKED : CancelReason.SUPERSEDED;
            cancel(id, reason);
        }
    }

    /**
     * Waits up to {@code timeout} for running jobs to finish, then hands the rest back to the queue
     * without spending an attempt.
     *
     * @return the jobs that were handed back
     */
    public List<UUID> drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<UUID> handedBack = new ArrayList<>();
        for (RunningAttempt attempt : List.copyOf(running.values())) {
            if (!attempt.end()) {
                continue;
            }
            attempt.cancel(CancelReason.SHUTDOWN);
            JobMdc.put(attempt.job());
            try {
                if (recorder.handBack(attempt.job())) {
                    handedBack.add(attempt.job().id());
                    log.info("Handed the job back to the queue: the worker is shutting down");
                }
            } catch (RuntimeException e) {
                log.warn("Could not hand the job back; its lease will expire and the reaper will: {}", e.toString());
            } finally {
                JobMdc.clear();
            }
        }
        return handedBack;
    }

    private void execute(RunningAttempt attempt, TimeLimits.Armed limits) {
        ClaimedJob job = attempt.job();
        JobMdc.put(job);
        // The attempt's span, child of the claim's: the connector's HTTP attempts are its children.
        // A job whose trace is not sampled has none; its HTTP attempts carry its traceparent.
        Span span = JobTraces.recorded(job.traceparent())
                ? traces.start("job run", job.traceparent(), null)
                        .tag("job.id", job.id().toString())
                        .tag("job.attempt", job.attempt())
                        .tag("job.connector", job.connector())
                        .tag("job.operation", job.operation())
                : Span.NOOP;
        try (JobTraces.Scope scope = traces.inScope(span, job.traceparent())) {
            Optional<Connector> connector = connectors.connector(job.connector());
            Outcome outcome = connector.isEmpty()
                    ? Outcome.Failed.permanent(
                            "ConnectorUnavailable",
                            "Connector '" + job.connector() + "' is not enabled on worker " + properties.workerId()
                                    + "; enable it there or route the connector to a queue whose workers run it")
                    : run(connector.get(), attempt);
            CancelReason cancelled = attempt.cancelReason();
            if (cancelled != null) {
                outcome = new Outcome.Cancelled(cancelled);
            }
            if (attempt.end()) {
                Thread.interrupted(); // a cancellation's interrupt must not break the outcome's write
                limits.disarm();
                recorder.record(job, outcome);
            } else if (cancelled == CancelReason.REVOKED) {
                Thread.interrupted();
                recorder.recordRevoked(job);
            }
            span.tag("job.outcome", outcome.getClass().getSimpleName());
            if (outcome instanceof Outcome.Failed failed) {
                span.tag("job.error_type", failed.errorType());
            }
        } catch (RuntimeException e) {
            span.error(e);
            log.error("Could not record the outcome; the lease will expire and the job be retried", e);
        } finally {
            span.end();
            running.remove(job.id(), attempt);
            stuck.returned(Thread.currentThread());
            capacity.release();
            ended(job);
            JobMdc.clear();
        }
    }

    private void ended(ClaimedJob job) {
        for (AttemptListener listener : listeners) {
            try {
                listener.attemptEnded(job);
            } catch (RuntimeException e) {
                log.warn("An attempt listener failed at the end of job_id={}: {}", job.id(), e.toString());
            }
        }
    }

    private Outcome run(Connector connector, RunningAttempt attempt) {
        try {
            return new Outcome.Succeeded(connector.execute(attempt));
        } catch (Throwable e) {
            CancelReason reason = attempt.cancelReason();
            if (reason != null) {
                return new Outcome.Cancelled(reason);
            }
            if (e instanceof Error err && !(e instanceof StackOverflowError)) {
                throw err;
            }
            return FailureClassifier.classify(e);
        }
    }
}
