package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task's status document ({@code GET /api/v1/admin/tasks/{id}/status}): where the job is, and its
 * result or error once finished. {@code attempts} is kept as JSON (one object per attempt). {@code
 * eta} and {@code expiresAt} are as submitted (an expired task is REVOKED with {@code revokeReason}
 * {@code expired}); {@code redriveCount} says how often it was re-driven; {@code priority} is 1 to 9 (null from a server
 * older than priorities).
 */
public record TaskStatus(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("status") String status,
        @JsonProperty("result") @Nullable JsonNode result,
        @JsonProperty("error") @Nullable String error,
        @JsonProperty("error_type") @Nullable String errorType,
        @JsonProperty("progress") @Nullable JsonNode progress,
        @JsonProperty("connector") @Nullable String connector,
        @JsonProperty("operation") @Nullable String operation,
        @JsonProperty("queue") @Nullable String queue,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("max_retries") int maxRetries,
        @JsonProperty("created_at") @Nullable Instant createdAt,
        @JsonProperty("started_at") @Nullable Instant startedAt,
        @JsonProperty("finished_at") @Nullable Instant finishedAt,
        @JsonProperty("worker_id") @Nullable String workerId,
        @JsonProperty("correlation_id") @Nullable String correlationId,
        @JsonProperty("revoke_reason") @Nullable String revokeReason,
        @JsonProperty("attempts") @Nullable JsonNode attempts,
        @JsonProperty("eta") @Nullable Instant eta,
        @JsonProperty("expires_at") @Nullable Instant expiresAt,
        @JsonProperty("redrive_count") int redriveCount,

        @JsonProperty("priority") @Nullable Integer priority) {

    private static final Set<String> TERMINAL = Set.of("SUCCESS", "FAILURE", "REVOKED");

    /**
     * Whether the task has finished: SUCCESS, FAILURE or REVOKED; no state follows these unless a
     * FAILURE or REVOKED task is re-driven ({@link ConnectorJobsClient#retry}).
     */
    @JsonIgnore
    public boolean isTerminal() {
        return isTerminal(status);
    }

    /** Whether it finished with a result. */
    @JsonIgnore
    public boolean succeeded() {
        return status.equals("SUCCESS");
    }

    static boolean isTerminal(String status) {
        return TERMINAL.contains(status);
    }
}
