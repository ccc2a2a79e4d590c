package dev.connectorjobs.api.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A schedule as the API shows it. */
public record ScheduleView(
        @JsonProperty("schedule_id") UUID scheduleId,
        @JsonProperty("name") String name,
        @JsonProperty("cron") String cron,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty("misfire_policy") String misfirePolicy,
        @JsonProperty("paused") boolean paused,
        @JsonProperty("job") JsonNode job,
        @JsonProperty("owner_key_id") @Nullable String ownerKeyId,
        @JsonProperty("next_run_at") @Nullable Instant nextRunAt,
        @JsonProperty("last_run_at") @Nullable Instant lastRunAt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static ScheduleView of(ScheduleRow row) {
        return new ScheduleView(
                row.id(),
                row.name(),
                row.cron(),
                row.timeZone(),
                row.misfirePolicy().wireName(),
                row.paused(),
                row.job(),
                row.clientId(),
                row.nextRunAt(),
                row.lastRunAt(),
                row.createdAt(),
                row.updatedAt());
    }
}
