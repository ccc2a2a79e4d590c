package dev.connectorjobs.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A job in a listing. */
public record JobSummary(
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("status") String status,
        @JsonProperty("connector") String connector,
        @JsonProperty("operation") String operation,
        @JsonProperty("queue") String queue,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") @Nullable Instant startedAt,
        @JsonProperty("finished_at") @Nullable Instant finishedAt,
        @JsonProperty("worker_id") @Nullable String workerId,
        @JsonProperty("error_type") @Nullable String errorType) {}
