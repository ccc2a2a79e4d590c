package dev.connectorjobs.api.schedule;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A schedule as stored.
 *
 * @param job the job template, a submission body as the client sent it
 * @param clientId the API key that owns it (and the jobs it submits)
 * @param nextRunAt the next tick; null while paused
 */
record ScheduleRow(
        UUID id,
        String name,
        String cron,
        String timeZone,
        JsonNode job,
        MisfirePolicy misfirePolicy,
        boolean paused,
        @Nullable String clientId,
        @Nullable Instant nextRunAt,
        @Nullable Instant lastRunAt,
        Instant createdAt,
        Instant updatedAt) {}
