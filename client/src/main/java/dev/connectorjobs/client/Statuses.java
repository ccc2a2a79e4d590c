package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * The answer to a batch status read.
 *
 * @param tasks the status of every task found
 * @param missing the ids that name no task
 */
public record Statuses(
        @JsonProperty("tasks") List<TaskStatus> tasks,
        @JsonProperty("missing") List<UUID> missing) {}
