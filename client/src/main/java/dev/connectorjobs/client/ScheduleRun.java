package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One tick of a schedule.
 *
 * @param outcome {@code ENQUEUED}, {@code SKIPPED} (misfire policy skip) or {@code REJECTED} (the
 *     template no longer passed validation; see {@code detail})
 * @param taskId the job submitted, if any
 * @param taskStatus that job's status now; null without a job or once retention removed it
 * @param missedTicks ticks this run stands for besides its own, after a misfire
 */
public record ScheduleRun(
        @JsonProperty("scheduled_at") Instant scheduledAt,
        @JsonProperty("fired_at") Instant firedAt,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("task_id") @Nullable UUID taskId,
        @JsonProperty("task_status") @Nullable String taskStatus,
        @JsonProperty("missed_ticks") int missedTicks,
        @JsonProperty("detail") @Nullable String detail) {}
