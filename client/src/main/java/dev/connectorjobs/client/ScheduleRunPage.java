package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a schedule's runs, newest tick first.
 *
 * @param nextCursor where the next page starts; null on the last page
 */
public record ScheduleRunPage(
        @JsonProperty("runs") List<ScheduleRun> runs,
        @JsonProperty("next_cursor") @Nullable String nextCursor) {}
