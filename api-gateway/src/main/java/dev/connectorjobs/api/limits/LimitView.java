package dev.connectorjobs.api.limits;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored limit as the API shows it.
 *
 * @param operation null for the limit of the whole connector
 * @param source {@code configuration} (from {@code jobs.limits.*}) or {@code admin} (set at run time, through the API or the console)
 */
public record LimitView(
        @JsonProperty("connector") String connector,
        @JsonProperty("operation") @Nullable String operation,
        @JsonProperty("max_concurrent") @Nullable Integer maxConcurrent,
        @JsonProperty("max_starts") @Nullable Integer maxStarts,
        @JsonProperty("per_seconds") @Nullable Integer perSeconds,
        @JsonProperty("source") String source,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("updated_by") @Nullable String updatedBy) {}
