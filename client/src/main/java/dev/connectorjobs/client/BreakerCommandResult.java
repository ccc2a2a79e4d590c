package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The answer to a breaker command: how many live workers applied it in time ({@code complete} when
 * all did, HTTP 200; else 202 and the rest apply it when they next read their commands).
 *
 * @param workers per worker: {@code {acknowledged, state, ...}}
 */
public record BreakerCommandResult(
        @JsonProperty("service") String service,
        @JsonProperty("action") String action,
        @JsonProperty("request_id") UUID requestId,
        @JsonProperty("workers_total") int workersTotal,
        @JsonProperty("workers_applied") int workersApplied,
        @JsonProperty("workers") JsonNode workers) {

    /** Whether every live worker applied it. */
    public boolean complete() {
        return workersApplied >= workersTotal;
    }
}
