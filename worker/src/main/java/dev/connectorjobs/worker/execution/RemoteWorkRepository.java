package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.attempt.RemoteCancel;
import dev.connectorjobs.worker.config.WorkerProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link RemoteWork} in PostgreSQL: checkpoints in {@code jobs.checkpoint}, written with the fence
 * of outcomes (this attempt, this worker, STARTED), and remote cancels recorded in {@code
 * job_remote_cancels}.
 *
 * <p>A remote cancel runs on a virtual thread of its own, with a context whose deadline is {@code
 * jobs.worker.remote-cancel-timeout} away; if it has not finished by then, its context is cancelled
 * and its thread interrupted, and it is recorded {@code TIMED_OUT}. Best effort: a worker that dies
 * meanwhile records nothing.
 */
@Component
final class RemoteWorkRepository implements RemoteWork {

    private static final Logger log = LoggerFactory.getLogger(RemoteWorkRepository.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final ThreadFactory THREADS =
            Thread.ofVirtual().name("remote-cancel-", 0).factory();

    private static final String SAVE =
            "UPDATE jobs SET checkpoint = ?::jsonb, checkpoint_at = ?, updated_at = ?" + OutcomeWrite.FENCE;

    private static final String RECORD_CANCEL = """
            INSERT INTO job_remote_cancels (job_id, attempt, worker_id, reason, action, outcome, detail,
                                            started_at, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (job_id, attempt) DO NOTHING
            """;

    /** Longest detail of a failed cancel kept in the history. */
    static final int MAX_DETAIL = 1000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final String workerId;
    private final Duration timeout;
    private final Clock clock;

    RemoteWorkRepository(JdbcTemplate jdbc, ObjectMapper mapper, WorkerProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.workerId = properties.workerId();
        this.timeout = properties.remoteCancelTimeout();
        this.clock = clock;
    }

    @Override
    public Optional<Map<String, Object>> checkpointOf(ClaimedJob job) {
        String json = job.checkpoint();
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(json, MAP));
        } catch (JacksonException e) {
            // Only this class writes checkpoints, always as JSON objects.
            throw new IllegalStateException("The checkpoint of job " + job.id() + " is not a JSON object", e);
        }
    }

    @Override
    public void saveCheckpoint(ClaimedJob job, @Nullable Map<String, Object> checkpoint) {
        String json = null;
        if (checkpoint != null) {
            try {
                json = StorableText.json(mapper.writeValueAsString(checkpoint));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("A checkpoint must be JSON-serializable: " + e.getOriginalMessage());
            }
            int size = json.getBytes(StandardCharsets.UTF_8).length;
            if (size > JobContext.MAX_CHECKPOINT_BYTES) {
                throw new IllegalArgumentException("A checkpoint names remote work and is at most "
                        + JobContext.MAX_CHECKPOINT_BYTES + " bytes as JSON; this one is " + size);
            }
        }
        Instant now = clock.instant();
        int updated =
                jdbc.update(SAVE, json, OutcomeWrite.ts(now), OutcomeWrite.ts(now), job.id(), job.attempt(), workerId);
        if (updated == 0) {
            throw new JobCancelledException("the attempt no longer owns the job (revoked, reaped or taken over);"
                    + " its checkpoint was not saved");
        }
    }

    @Override
    public void cancelRemote(RunningAttempt attempt, CancelReason reason, String description, RemoteCancel action) {
        THREADS.newThread(() -> run(attempt, reason, description, action)).start();
    }

    private void run(RunningAttempt attempt, CancelReason reason, String description, RemoteCancel action) {
        ClaimedJob job = attempt.job();
        Instant started = clock.instant();
        RemoteCancelContext context = new RemoteCancelContext(attempt, started.plus(timeout));
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Thread cancel = THREADS.newThread(() -> {
            try {
                action.cancel(context);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        JobMdc.put(job);
        try {
            cancel.start();
            boolean finished = cancel.join(timeout);
            String outcome;
            String detail = null;
            if (!finished) {
                context.cancellation().cancel("remote cancel timed out after " + timeout);
                cancel.interrupt();
                outcome = "TIMED_OUT";
                detail = "did not finish within jobs.worker.remote-cancel-timeout (" + timeout + ")";
            } else if (failure.get() != null) {
                outcome = "FAILED";
                detail = describe(failure.get());
            } else {
                outcome = "DONE";
            }
            log.info(
                    "Remote cancel {} ({}): {}{}",
                    outcome,
                    description,
                    reason.description(),
                    detail == null ? "" : ": " + detail);
            jdbc.update(
                    RECORD_CANCEL,
                    job.id(),
                    job.attempt(),
                    workerId,
                    reason.description(),
                    StorableText.text(description),
                    outcome,
                    detail == null ? null : StorableText.text(detail),
                    OutcomeWrite.ts(started),
                    OutcomeWrite.ts(clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not record the remote cancel ({}): {}", description, e.toString());
        } finally {
            JobMdc.clear();
        }
    }

    private static String describe(@Nullable Throwable e) {
        if (e == null) {
            return "";
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
    }
}
