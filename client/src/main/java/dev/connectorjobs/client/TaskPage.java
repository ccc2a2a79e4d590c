package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param nextCursor where the next page starts; null on the last page
 */
public record TaskPage(
        @JsonProperty("tasks") List<TaskSummary> tasks,
        @JsonProperty("next_cursor") @Nullable String nextCursor) {}
