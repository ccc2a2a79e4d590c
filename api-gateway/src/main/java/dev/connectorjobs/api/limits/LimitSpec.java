package dev.connectorjobs.api.limits;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A limit's values; either part may be absent, not both.
 *
 * @param maxConcurrent most jobs running at once across all workers
 * @param maxStarts most jobs started within any {@code perSeconds}; given together with it
 * @param perSeconds the window of {@code maxStarts}, in seconds
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LimitSpec(
        @JsonProperty("max_concurrent") @Nullable Integer maxConcurrent,
        @JsonProperty("max_starts") @Nullable Integer maxStarts,
        @JsonProperty("per_seconds") @Nullable Integer perSeconds) {

    /** The most concurrent jobs a limit may allow. */
    static final int MAX_CONCURRENT = 100_000;

    /** The most starts per window a limit may allow. */
    static final int MAX_STARTS = 1_000_000;

    /** The longest window, one day in seconds. */
    static final int MAX_PER_SECONDS = 86_400;
}
