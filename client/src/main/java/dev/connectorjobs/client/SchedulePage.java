package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of schedules, in creation order.
 *
 * @param nextCursor where the next page starts; null on the last page
 */
public record SchedulePage(
        @JsonProperty("schedules") List<Schedule> schedules,
        @JsonProperty("next_cursor") @Nullable String nextCursor) {}
