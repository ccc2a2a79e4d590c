package dev.connectorjobs.api.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of a job, as the status answer lists it. A running attempt has no outcome yet. {@code
 * remote_cancel} is there when the attempt cancelled remote work it had started (revoke, time
 * limit): {@code {action, reason, outcome: DONE|FAILED|TIMED_OUT, detail, finished_at}}.
 */
public record AttemptView(
        @JsonProperty("attempt") int attempt,
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") @Nullable Instant finishedAt,
        @JsonProperty("outcome") @Nullable String outcome,
        @JsonProperty("error_type") @Nullable String errorType,
        @JsonProperty("error_message") @Nullable String errorMessage,
        @JsonProperty("http_status") @Nullable Integer httpStatus,
        @JsonProperty("duration_ms") @Nullable Long durationMs,

        @JsonProperty("remote_cancel") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
        JsonNode remoteCancel) {}
