package dev.connectorjobs.worker.attempt;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What a running job knows about itself, and what it can tell the system. */
public interface JobContext {

    UUID jobId();

    /** The attempt number, 1 for the first run. */
    int attempt();

    String connector();

    String operation();

    /** The validated params, as submitted. */
    Map<String, Object> params();

    String correlationId();

    /** When the hard time limit of this attempt ends. */
    Instant deadline();

    /** Cancellation of this attempt. */
    Cancellation cancellation();

    /**
     * Reports progress; shown in status and in the active list. Writes are throttled, so calling
     * this often is cheap.
     */
    void progress(long current, long total, String message);

    /**
     * The checkpoint an earlier attempt of this job saved with {@link #saveCheckpoint}, e.g. {@code
     * {"awx_job_id": 123}}: the remote work it started, to resume instead of starting it again.
     * Empty when no attempt saved one.
     */
    default Optional<Map<String, Object>> checkpoint() {
        return Optional.empty();
    }

    /**
     * Saves a small JSON checkpoint durably for this job, replacing any earlier one, before the
     * connector waits on remote work: a later attempt of the same job (after a crash, a reaped lease,
     * a retry) receives it from {@link #checkpoint()} and resumes. It shows in the job's status.
     *
     * @param checkpoint JSON-serializable values, at most {@value #MAX_CHECKPOINT_BYTES} bytes as JSON
     * @throws JobCancelledException when this attempt no longer owns the job (revoked, reaped, taken
     *     over): the remote work is no longer this attempt's to wait for
     * @throws IllegalArgumentException when the checkpoint is too large or not serializable
     */
    default void saveCheckpoint(Map<String, Object> checkpoint) {
        throw new UnsupportedOperationException("This context keeps no checkpoints");
    }

    /** Forgets this job's checkpoint, so that a later attempt starts the remote work afresh. */
    default void clearCheckpoint() {
        throw new UnsupportedOperationException("This context keeps no checkpoints");
    }

    /**
     * Registers how to cancel the remote work this attempt started, replacing an earlier
     * registration: it runs once if the job is revoked or reaches its time limit (see {@link
     * RemoteCancel}), and its outcome is recorded in the attempt history.
     *
     * @param description what it does, for the attempt history, e.g. {@code POST /api/v2/jobs/123/cancel/}
     */
    default void onRemoteCancel(String description, RemoteCancel action) {
        throw new UnsupportedOperationException("This context runs no remote cancels");
    }

    /** The largest checkpoint, as JSON: a checkpoint names remote work, it does not hold results. */
    int MAX_CHECKPOINT_BYTES = 8192;
}
