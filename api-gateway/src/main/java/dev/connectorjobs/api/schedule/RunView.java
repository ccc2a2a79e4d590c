package dev.connectorjobs.api.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One tick of a schedule, as the API shows it.
 *
 * @param outcome {@code ENQUEUED} (a job was submitted), {@code SKIPPED} (missed ticks dropped by
 *     the misfire policy {@code skip}) or {@code REJECTED} (the template no longer passed
 *     validation; {@code detail} says why)
 * @param taskStatus the job's current status; null without a job, or once retention deleted it
 * @param missedTicks ticks this run stands for besides its own (after a misfire)
 */
public record RunView(
        @JsonProperty("scheduled_at") Instant scheduledAt,
        @JsonProperty("fired_at") Instant firedAt,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("task_id") @Nullable UUID taskId,
        @JsonProperty("task_status") @Nullable String taskStatus,
        @JsonProperty("missed_ticks") int missedTicks,
        @JsonProperty("detail") @Nullable String detail) {}
