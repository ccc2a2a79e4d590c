package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A worker as {@code GET /api/v1/admin/workers} lists it.
 *
 * @param state {@code active}, {@code stale} (no recent heartbeat) or {@code stopped}
 */
public record Worker(
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("host") String host,
        @JsonProperty("pid") long pid,
        @JsonProperty("queues") List<String> queues,
        @JsonProperty("concurrency") int concurrency,
        @JsonProperty("running") int running,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("last_heartbeat") Instant lastHeartbeat,
        @JsonProperty("stopped_at") @Nullable Instant stoppedAt,
        @JsonProperty("state") String state) {}
