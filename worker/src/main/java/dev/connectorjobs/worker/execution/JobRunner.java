package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.ConnectorRegistry;
import dev.connectorjobs.worker.registry.WorkerProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs claimed jobs, each on its own virtual thread, at most {@code jobs.worker.concurrency} at once.
 *
 * <p>The consumer reserves capacity before it claims, so a claimed job always starts at once. The
 * hard time limit is enforced here, not by the job: when it passes, the attempt is cancelled, its
 * thread interrupted, and {@code TimeLimitExceeded} recorded, whatever the thread still does. The
 * JVM cannot kill a thread; a thread that ignores the interrupt is only counted.
 */
@Component
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final ConnectorRegistry connectors;
    private final OutcomeRepository outcomes;
    private final RetryPolicy retryPolicy;
    private final WorkerProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final List<AttemptListener> listeners;
    private final Semaphore capacity;
    private final Map<UUID, RunningAttempt> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("job-time-limits").factory());

    JobRunner(
            ConnectorRegistry connectors,
            OutcomeRepository outcomes,
            RetryPolicy retryPolicy,
            WorkerProperties properties,
            ObjectMapper mapper,
            Clock clock,
            List<AttemptListener> listeners) {
        this.connectors = connectors;
        this.outcomes = outcomes;
        this.retryPolicy = retryPolicy;
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
        long limitMs =
                Math.max(0, Duration.between(clock.instant(), job.deadline()).toMillis());
        ScheduledFuture<?> limit = timer.schedule(() -> timeLimitReached(attempt), limitMs, TimeUnit.MILLISECONDS);
        Thread thread = Thread.ofVirtual().name("job-" + job.id()).unstarted(() -> execute(attempt, limit));
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

    /** How many jobs are running. */
    public int runningCount() {
        return running.size();
    }

    /**
     * Cancels every running attempt and waits up to {@code timeout} for them to end.
     *
     * @return the jobs still running after the wait
     */
    public List<UUID> awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(running.keySet());
    }

    private void execute(RunningAttempt attempt, ScheduledFuture<?> limit) {
        ClaimedJob job = attempt.job();
        putMdc(job);
        try {
            Optional<Connector> connector = connectors.connector(job.connector());
            Outcome outcome;
            if (connector.isEmpty()) {
                outcome = Outcome.Failed.permanent(
                        "ConnectorUnavailable",
                        "Connector '" + job.connector() + "' is not enabled on worker " + properties.workerId()
                                + "; enable it there or route the connector to a queue whose workers run it");
            } else {
                outcome = run(connector.get(), attempt);
            }
            if (attempt.end()) {
                limit.cancel(false);
                record(job, outcome);
            }
        } finally {
            running.remove(job.id(), attempt);
            capacity.release();
            MDC.clear();
        }
    }

    private Outcome run(Connector connector, RunningAttempt attempt) {
        try {
            return new Outcome.Succeeded(connector.execute(attempt));
        } catch (Throwable e) {
            if (attempt.cancellation().isCancelled()) {
                return Outcome.Failed.permanent(
                        "Cancelled", String.valueOf(attempt.cancellation().reason()));
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof Error err && !(e instanceof StackOverflowError)) {
                throw err;
            }
            return FailureClassifier.classify(e);
        }
    }

    private void timeLimitReached(RunningAttempt attempt) {
        if (!attempt.end()) {
            return;
        }
        ClaimedJob job = attempt.job();
        putMdc(job);
        try {
            attempt.cancel("time limit of " + job.timeoutSeconds() + " s exceeded");
            record(
                    job,
                    Outcome.Failed.permanent(
                            "TimeLimitExceeded",
                            "The attempt ran longer than its time limit of " + job.timeoutSeconds()
                                    + " s; raise timeout_seconds if the operation legitimately needs longer"));
        } finally {
            MDC.clear();
        }
    }

    private void record(ClaimedJob job, Outcome outcome) {
        Instant now = clock.instant();
        String worker = properties.workerId();
        try {
            boolean applied = switch (outcome) {
                case Outcome.Succeeded s -> {
                    Result result = serialize(s.result());
                    yield outcomes.succeeded(job, worker, result.json(), result.truncated(), now);
                }
                case Outcome.Failed f
                when f.retryable() && job.retriesUsed() < job.maxRetries() -> {
                    Instant next = now.plus(retryPolicy.delay(job.retriesUsed(), f.retryAfter()));
                    log.info(
                            "Job failed with {} ({}); retry {} of {} at {}",
                            f.errorType(),
                            f.message(),
                            job.retriesUsed() + 1,
                            job.maxRetries(),
                            next);
                    yield outcomes.retrying(job, worker, f, next, now);
                }
                case Outcome.Failed f -> {
                    log.info("Job failed with {} ({}); no retry left or not retryable", f.errorType(), f.message());
                    yield outcomes.failed(job, worker, f, now);
                }
            };
            if (!applied) {
                log.info("Outcome of a superseded attempt ignored (revoked, timed out or reaped meanwhile)");
            } else if (outcome instanceof Outcome.Succeeded) {
                log.debug("Job succeeded");
            }
        } catch (RuntimeException e) {
            log.error("Could not record the outcome; the lease will expire and the job be retried", e);
        }
    }

    private record Result(@Nullable String json, boolean truncated) {}

    private Result serialize(@Nullable Object result) {
        if (result == null) {
            return new Result(null, false);
        }
        String json = mapper.writeValueAsString(result);
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size <= properties.maxResultBytes()) {
            return new Result(json, false);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("truncated", true);
        summary.put("size_bytes", size);
        summary.put("limit_bytes", properties.maxResultBytes());
        summary.put("preview", json.substring(0, Math.min(json.length(), 1024)));
        return new Result(mapper.writeValueAsString(summary), true);
    }

    private void writeProgress(ClaimedJob job, Map<String, Object> progress) {
        try {
            outcomes.progress(job, properties.workerId(), mapper.writeValueAsString(progress));
        } catch (RuntimeException e) {
            log.debug("Progress write failed: {}", e.toString());
        }
    }

    private static void putMdc(ClaimedJob job) {
        MDC.put("job_id", job.id().toString());
        MDC.put("attempt", Integer.toString(job.attempt()));
        MDC.put("correlation_id", job.correlationId());
        MDC.put("connector", job.connector());
    }
}
