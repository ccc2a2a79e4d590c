package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.config.WorkerProperties;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.ConnectorRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs claimed jobs, each on its own virtual thread, at most {@code jobs.worker.concurrency} at once.
 *
 * <p>The consumer reserves capacity before it claims, so a claimed job always starts at once.
 * Time limits are enforced here, not by the job: at the soft limit the attempt is cancelled (token,
 * thread interrupt, abort of in-flight requests) so it can clean up; at the hard limit {@code
 * TimeLimitExceeded} is recorded whatever the thread still does. The JVM cannot kill a thread: one
 * that ignores cancellation keeps its slot, is counted as stuck, and past a threshold makes the
 * worker not-ready so that it gets restarted.
 */
@Component
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final ConnectorRegistry connectors;
    private final OutcomeRepository outcomes;
    private final OutcomeWriter writer;
    private final OutcomeRecorder recorder;
    private final WorkerProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final List<AttemptListener> listeners;
    private final Semaphore capacity;
    private final Map<UUID, RunningAttempt> running = new ConcurrentHashMap<>();
    private final Set<Thread> outlived = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer = timeLimitTimer();

    JobRunner(
            ConnectorRegistry connectors,
            OutcomeRepository outcomes,
            OutcomeWriter writer,
            OutcomeRecorder recorder,
            WorkerProperties properties,
            ObjectMapper mapper,
            Clock clock,
            List<AttemptListener> listeners) {
        this.connectors = connectors;
        this.outcomes = outcomes;
        this.writer = writer;
        this.recorder = recorder;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
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

    /** Starts a claimed job on a reservation made with {@link #reserve}. */
    public void start(ClaimedJob job) {
        RunningAttempt attempt = new RunningAttempt(job, clock, progress -> writeProgress(job, progress));
        running.put(job.id(), attempt);
        Duration left = Duration.between(clock.instant(), job.deadline());
        Duration margin = min(
                properties.softLimitMargin(),
                Duration.ofSeconds(job.timeoutSeconds()).dividedBy(10));
        ScheduledFuture<?> soft = timer.schedule(
                () -> attempt.cancel(CancelReason.SOFT_TIME_LIMIT),
                Math.max(0, left.minus(margin).toMillis()),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> hard =
                timer.schedule(() -> hardLimitReached(attempt), Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS);
        Thread thread =
                Thread.ofVirtual().name("job-" + job.id()).unstarted(() -> execute(attempt, List.of(soft, hard)));
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
        outlived.removeIf(t -> !t.isAlive());
        return outlived.size();
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
            putMdc(attempt.job());
            log.info("Cancelling the running attempt: {}", reason.description());
            MDC.clear();
        }
        return cancelled;
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
            putMdc(attempt.job());
            try {
                if (writer.write(OutcomeWrite.handedBack(
                        attempt.job(),
                        properties.workerId(),
                        "worker " + properties.workerId() + " shut down",
                        clock.instant()))) {
                    handedBack.add(attempt.job().id());
                    log.info("Handed the job back to the queue: the worker is shutting down");
                }
            } catch (RuntimeException e) {
                log.warn("Could not hand the job back; its lease will expire and the reaper will: {}", e.toString());
            } finally {
                MDC.clear();
            }
        }
        return handedBack;
    }

    private void execute(RunningAttempt attempt, List<ScheduledFuture<?>> limits) {
        ClaimedJob job = attempt.job();
        putMdc(job);
        try {
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
                limits.forEach(limit -> limit.cancel(false));
                recorder.record(job, outcome);
            } else if (cancelled == CancelReason.REVOKED) {
                Thread.interrupted();
                outcomes.revoked(job, properties.workerId(), clock.instant());
            }
        } catch (RuntimeException e) {
            log.error("Could not record the outcome; the lease will expire and the job be retried", e);
        } finally {
            running.remove(job.id(), attempt);
            outlived.remove(Thread.currentThread());
            capacity.release();
            MDC.clear();
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

    private void hardLimitReached(RunningAttempt attempt) {
        if (!attempt.end()) {
            return;
        }
        ClaimedJob job = attempt.job();
        attempt.cancel(CancelReason.HARD_TIME_LIMIT);
        Thread thread = attempt.thread();
        if (thread != null && thread.isAlive()) {
            outlived.add(thread);
        }
        // Recorded off the timer thread: a database outage must not delay the other time limits.
        Thread.ofVirtual().name("time-limit-" + job.id()).start(() -> {
            putMdc(job);
            try {
                recorder.record(job, OutcomeRecorder.timeLimitExceeded(job));
            } catch (RuntimeException e) {
                log.error("Could not record the time limit; the lease will expire and the job be retried", e);
            } finally {
                MDC.clear();
            }
        });
    }

    private void writeProgress(ClaimedJob job, Map<String, Object> progress) {
        try {
            outcomes.progress(job, properties.workerId(), mapper.writeValueAsString(progress));
        } catch (RuntimeException e) {
            log.debug("Progress write failed: {}", e.toString());
        }
    }

    /**
     * One thread for every job's time limits. A finished job's limits leave its queue at once:
     * otherwise each job would leave two cancelled tasks behind until its deadline, a queue of
     * hundreds of thousands at a few thousand jobs per second.
     */
    private static ScheduledThreadPoolExecutor timeLimitTimer() {
        var timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("job-time-limits").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void putMdc(ClaimedJob job) {
        MDC.put("job_id", job.id().toString());
        MDC.put("attempt", Integer.toString(job.attempt()));
        MDC.put("correlation_id", job.correlationId());
        MDC.put("connector", job.connector());
    }
}
