package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * The answer to a submit.
 *
 * @param taskId the task's id, for {@link ConnectorJobsClient#status} and friends
 * @param status its status when answered ({@code PENDING} for a new task)
 * @param created false when the idempotency key was already used for the same request, and this is
 *     the task created then
 * @param idempotencyKey the key the submit was sent with
 */
public record Submitted(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("status") String status,
        @JsonProperty("created") boolean created,
        @JsonProperty("idempotency_key") String idempotencyKey) {}
