package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.attempt.RemoteCancel;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The durable side of remote work an attempt starts: the job's checkpoint, and the cancel of that
 * work when the job is revoked or reaches its time limit.
 */
interface RemoteWork {

    /** The checkpoint the claim returned for {@code job}, parsed. */
    Optional<Map<String, Object>> checkpointOf(ClaimedJob job);

    /**
     * Saves (or, with null, forgets) the checkpoint of {@code job}, fenced on this attempt.
     *
     * @throws dev.connectorjobs.worker.attempt.JobCancelledException when the attempt no longer owns
     *     the job
     */
    void saveCheckpoint(ClaimedJob job, @Nullable Map<String, Object> checkpoint);

    /** Runs {@code action} on a thread of its own, bounded in time, and records how it went. */
    void cancelRemote(RunningAttempt attempt, CancelReason reason, String description, RemoteCancel action);

    /** For attempts outside a worker (tests): no checkpoints, no remote cancels. */
    RemoteWork NONE = new RemoteWork() {
        @Override
        public Optional<Map<String, Object>> checkpointOf(ClaimedJob job) {
            return Optional.empty();
        }

        @Override
        public void saveCheckpoint(ClaimedJob job, @Nullable Map<String, Object> checkpoint) {
            throw new UnsupportedOperationException("no checkpoints outside a worker");
        }

        @Override
        public void cancelRemote(
                RunningAttempt attempt, CancelReason reason, String description, RemoteCancel action) {}
    };
}
