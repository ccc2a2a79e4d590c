package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A recurring schedule as the API shows it.
 *
 * @param job the job template, as stored
 * @param ownerKeyId the API key that owns it and its jobs
 * @param nextRunAt the next tick; null while paused
 */
public record Schedule(
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
        @JsonProperty("updated_at") Instant updatedAt) {}
