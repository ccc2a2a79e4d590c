package dev.connectorjobs.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job's status as the API answers it: the original five fields ({@code task_id, status, result,
 * error, progress}) and what an operator needs besides.
 *
 * <p>{@code eta} and {@code expires_at} are as submitted (null when not given; an expired job is
 * REVOKED with {@code revoke_reason} {@code expired}); {@code redrive_count} says how often the job
 * was re-driven after it had ended.
 */
public record JobView(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("status") String status,
        @JsonProperty("result") @Nullable JsonNode result,
        @JsonProperty("error") @Nullable String error,
        @JsonProperty("progress") @Nullable JsonNode progress,
        @JsonProperty("connector") String connector,
        @JsonProperty("operation") String operation,
        @JsonProperty("queue") String queue,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("max_retries") int maxRetries,
        @JsonProperty("timeout_seconds") int timeoutSeconds,
        @JsonProperty("priority") int priority,
        @JsonProperty("error_type") @Nullable String errorType,
        @JsonProperty("result_truncated") boolean resultTruncated,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") @Nullable Instant startedAt,
        @JsonProperty("finished_at") @Nullable Instant finishedAt,
        @JsonProperty("next_attempt_at") @Nullable Instant nextAttemptAt,
        @JsonProperty("worker_id") @Nullable String workerId,
        @JsonProperty("correlation_id") String correlationId,
        @JsonProperty("revoke_reason") @Nullable String revokeReason,
        @JsonProperty("checkpoint") @Nullable JsonNode checkpoint,
        @JsonProperty("eta") @Nullable Instant eta,
        @JsonProperty("expires_at") @Nullable Instant expiresAt,
        @JsonProperty("redrive_count") int redriveCount,
        @JsonProperty("callback") @Nullable CallbackView callback,
        @JsonProperty("attempts") List<AttemptView> attempts) {

    JobView withAttempts(List<AttemptView> history) {
        return new JobView(
                taskId,
                status,
                result,
                error,
                progress,
                connector,
                operation,
                queue,
                attempt,
                maxRetries,
                timeoutSeconds,
                priority,
                errorType,
                resultTruncated,
                createdAt,
                startedAt,
                finishedAt,
                nextAttemptAt,
                workerId,
                correlationId,
                revokeReason,
                checkpoint,
                eta,
                expiresAt,
                redriveCount,
                callback,
                List.copyOf(history));
    }
}
