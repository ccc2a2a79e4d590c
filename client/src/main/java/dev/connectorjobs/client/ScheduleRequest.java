package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recurring schedule to create: a cron expression read in a time zone, and the job submitted at
 * each tick.
 *
 * <pre>{@code
 * ScheduleRequest.of("nightly inventory", "0 30 2 * * *", JobRequest.of("servicenow", "cmdb_inventory"))
 *         .inZone("Europe/Berlin")
 *         .runOnceAfterMisfire()
 * }</pre>
 *
 * @param name a name for people, at most 200 characters
 * @param cron 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first
 * @param timeZone an IANA zone id; null for UTC
 * @param misfirePolicy {@code skip} or {@code run_once}: what to do with ticks missed while no
 *     api-gateway ran; null for {@code skip}
 * @param job the job each tick submits, validated as a submission is
 * @param paused whether it starts paused; null for false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleRequest(
        @JsonProperty("name") String name,
        @JsonProperty("cron") String cron,
        @JsonProperty("time_zone") @Nullable String timeZone,
        @JsonProperty("misfire_policy") @Nullable String misfirePolicy,
        @JsonProperty("job") JobRequest job,
        @JsonProperty("paused") @Nullable Boolean paused) {

    public ScheduleRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(job, "job");
    }

    /** A schedule in UTC that skips missed ticks. */
    public static ScheduleRequest of(String name, String cron, JobRequest job) {
        return new ScheduleRequest(name, cron, null, null, job, null);
    }

    /** The same schedule read on the wall clock of {@code zoneId}, e.g. {@code Europe/Berlin}. */
    public ScheduleRequest inZone(String zoneId) {
        return new ScheduleRequest(name, cron, zoneId, misfirePolicy, job, paused);
    }

    /** The same schedule, submitting one job for all the ticks missed while no api-gateway ran. */
    public ScheduleRequest runOnceAfterMisfire() {
        return new ScheduleRequest(name, cron, timeZone, "run_once", job, paused);
    }

    /** The same schedule, created paused. */
    public ScheduleRequest startPaused() {
        return new ScheduleRequest(name, cron, timeZone, misfirePolicy, job, true);
    }
}
