package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a revoke.
 *
 * @param previousStatus the status the task was in
 * @param cancelRequested whether a running attempt was asked to stop
 */
public record Revoked(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("status") String status,
        @JsonProperty("previous_status") String previousStatus,
        @JsonProperty("cancel_requested") boolean cancelRequested,
        @JsonProperty("reason") @Nullable String reason) {}
