package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * The answer to a re-drive of one task ({@link ConnectorJobsClient#retry}).
 *
 * @param status {@code PENDING}: the new attempt waits for a worker
 * @param previousStatus {@code FAILURE} or {@code REVOKED}
 * @param attempt the new attempt's number; the earlier attempts stay in the task's history
 * @param maxRetries the retries the new run may spend
 */
public record Redriven(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("status") String status,
        @JsonProperty("previous_status") String previousStatus,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("max_retries") int maxRetries) {}
