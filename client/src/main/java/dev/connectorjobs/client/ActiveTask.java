package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A running task, with the worker running it ({@code GET /api/v1/admin/tasks/active}, flattened).
 *
 * @param workerStale whether the worker's heartbeat is late (the task may be orphaned)
 */
public record ActiveTask(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("connector") String connector,
        @JsonProperty("operation") String operation,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("started_at") @Nullable Instant startedAt,
        @JsonProperty("runtime_ms") long runtimeMs,
        @JsonProperty("progress") @Nullable JsonNode progress,
        @JsonProperty("correlation_id") String correlationId,
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("worker_stale") boolean workerStale) {}
