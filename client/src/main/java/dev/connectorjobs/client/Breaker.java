package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A circuit breaker across the live workers (its worst worker's state).
 *
 * @param state {@code closed}, {@code open} or {@code half_open}
 * @param forcedOpen an operator holds it open
 * @param disabled protection is switched off (state {@code closed})
 * @param failCounter the highest failure count of the workers
 * @param failMax failures that open it
 * @param resetTimeout seconds it stays open before a trial call
 */
public record Breaker(
        @JsonProperty("name") String name,
        @JsonProperty("state") String state,
        @JsonProperty("opened") boolean opened,
        @JsonProperty("opened_at") @Nullable Instant openedAt,
        @JsonProperty("forced_open") boolean forcedOpen,
        @JsonProperty("disabled") boolean disabled,
        @JsonProperty("fail_counter") int failCounter,
        @JsonProperty("fail_max") int failMax,
        @JsonProperty("reset_timeout") double resetTimeout) {}
