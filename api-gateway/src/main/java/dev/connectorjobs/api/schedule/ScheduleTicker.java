package dev.connectorjobs.api.schedule;

import dev.connectorjobs.api.job.TemplateSubmissions;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.common.database.DatabaseOutage;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.job.JobIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submits the jobs of due schedules. Every api-gateway replica ticks; each due schedule is claimed
 * in its own transaction with {@code FOR UPDATE SKIP LOCKED}, its tick's run row and job row are
 * written together, and {@code next_run_at} moves on before the commit. The run row's primary key
 * (schedule, tick time) is the tick's identity: should two replicas ever reach the same tick (a
 * stale read, a clock far off), the second inserts no run and therefore no job.
 *
 * <p>Ticks less late than {@code misfire-threshold} are all submitted, one job each (a replica that
 * paused for a few seconds catches up). When the oldest due tick is later than that, the schedule
 * has misfired and its due ticks are handled by its policy: {@code skip} records one {@code
 * SKIPPED} run for all of them, {@code run_once} submits one job for all of them. Either way the
 * schedule then goes on at its first tick after now.
 */
@Component
class ScheduleTicker {

    private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);

    /** {@link ScheduleProperties#tickInterval()}, in milliseconds, read from the bound record. */
    private static final String INTERVAL = "#{@'" + ScheduleProperties.BEAN + "'.tickInterval().toMillis()}";

    /** Most ticks one schedule submits in one pass (catching up, at most a misfire threshold's worth). */
    static final int MAX_CATCH_UP = 1000;

    /** Most missed ticks counted after a misfire; the run says "at least" this many. */
    static final int MAX_COUNTED = 10_000;

    private final ScheduleRepository schedules;
    private final TemplateSubmissions templates;
    private final ScheduleProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ScheduleTicker(
            ScheduleRepository schedules,
            TemplateSubmissions templates,
            ScheduleProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.schedules = schedules;
        this.templates = templates;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
    void tickScheduled() {
        if (!properties.enabled()) {
            return;
        }
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Schedule pass failed; it runs again in {}: {}", properties.tickInterval(), e.toString());
        }
    }

    /**
     * Handles every schedule due now (up to {@code batch-size} of them).
     *
     * @return the runs recorded
     */
    int tick() {
        int runs = 0;
        for (int i = 0; i < properties.batchSize(); i++) {
            Instant now = clock.instant();
            List<TemplateSubmissions.Enqueued> enqueued = new ArrayList<>();
            List<UUID> claimed = new ArrayList<>(1);
            Integer recorded;
            try {
                recorded = transactions.execute(status -> schedules
                        .claimDue(now)
                        .map(schedule -> {
                            claimed.add(schedule.id());
                            return handle(schedule, now, enqueued);
                        })
                        .orElse(null));
            } catch (RuntimeException e) {
                if (claimed.isEmpty() || DatabaseOutage.isOutage(e)) {
                    throw e;
                }
                // Not left due: the oldest due schedule is claimed first, and would stop all the others.
                recorded = passOver(claimed.getFirst(), now, e);
                enqueued.clear();
            }
            if (recorded == null) {
                break;
            }
            runs += recorded;
            // After the commit: a job published before it could be claimed before its row is visible.
            enqueued.forEach(this::publish);
        }
        return runs;
    }

    /**
     * Records a tick whose submission failed for a reason other than validation or an outage (the
     * transaction rolled back) as {@code REJECTED}, and moves the schedule to its next tick.
     */
    private int passOver(UUID id, Instant now, RuntimeException failure) {
        log.warn("Schedule {} could not submit its tick; it is passed over: {}", id, failure.toString());
        Integer recorded = transactions.execute(status -> schedules
                .lock(id)
                .filter(row -> row.nextRunAt() != null && !row.nextRunAt().isAfter(now))
                .map(row -> {
                    Instant due = Objects.requireNonNull(row.nextRunAt());
                    boolean inserted = schedules.insertRun(
                            id,
                            due,
                            now,
                            "REJECTED",
                            null,
                            0,
                            truncate("the job could not be submitted: "
                                    + failure.getClass().getSimpleName()));
                    Instant next = nextAfter(row, now);
                    schedules.advance(id, next, now);
                    return inserted ? 1 : 0;
                })
                .orElse(0));
        return recorded == null ? 0 : recorded;
    }

    private static @Nullable Instant nextAfter(ScheduleRow row, Instant now) {
        try {
            return CronSchedule.parse(row.cron(), row.timeZone()).next(now).orElse(null);
        } catch (CronSchedule.Invalid e) {
            return null;
        }
    }

    private int handle(ScheduleRow schedule, Instant now, List<TemplateSubmissions.Enqueued> enqueued) {
        Instant due = Objects.requireNonNull(schedule.nextRunAt(), "a claimed schedule is due");
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(schedule.cron(), schedule.timeZone());
        } catch (CronSchedule.Invalid e) {
            // Stored expressions were valid when stored; a zone that left the time-zone database is not.
            schedules.insertRun(schedule.id(), due, now, "REJECTED", null, 0, e.getMessage());
            schedules.advance(schedule.id(), null, now);
            log.warn("Schedule {} stopped: {}", schedule.id(), e.getMessage());
            return 1;
        }
        if (schedules.ownerRevoked(schedule.clientId())) {
            // A revoked key submits nothing more, on a schedule either; the run tells an admin why it stopped.
            schedules.insertRun(
                    schedule.id(),
                    due,
                    now,
                    "REJECTED",
                    null,
                    0,
                    "the API key that owns this schedule was revoked; the schedule is paused");
            schedules.pause(schedule.id(), now);
            log.info("Schedule {} paused: its owner key {} was revoked", schedule.id(), schedule.clientId());
            return 1;
        }
        boolean misfired = Duration.between(due, now).compareTo(properties.misfireThreshold()) > 0;
        return misfired ? misfire(schedule, cron, due, now, enqueued) : catchUp(schedule, cron, due, now, enqueued);
    }

    /** Submits every due tick, one job each. */
    private int catchUp(
            ScheduleRow schedule,
            CronSchedule cron,
            Instant due,
            Instant now,
            List<TemplateSubmissions.Enqueued> enqueued) {
        int runs = 0;
        Optional<Instant> tick = Optional.of(due);
        while (tick.isPresent() && !tick.get().isAfter(now) && runs < MAX_CATCH_UP) {
            if (submit(schedule, tick.get(), now, 0, enqueued)) {
                runs++;
            }
            tick = cron.next(tick.get());
        }
        schedules.advance(schedule.id(), tick.orElse(null), now);
        return runs;
    }

    /** Applies the misfire policy to every due tick, then goes on at the first tick after now. */
    private int misfire(
            ScheduleRow schedule,
            CronSchedule cron,
            Instant due,
            Instant now,
            List<TemplateSubmissions.Enqueued> enqueued) {
        // Walking from the missed tick (rather than jumping to now) keeps the wall-clock order
        // through a repeated DST hour; a long outage of a frequent schedule stops counting early.
        int missed = 0;
        Optional<Instant> next = cron.next(due);
        while (next.isPresent() && !next.get().isAfter(now) && missed < MAX_COUNTED) {
            missed++;
            next = cron.next(next.get());
        }
        if (next.isPresent() && !next.get().isAfter(now)) {
            next = cron.next(now);
        }
        boolean recorded;
        if (schedule.misfirePolicy() == MisfirePolicy.RUN_ONCE) {
            recorded = submit(schedule, due, now, missed, enqueued);
        } else {
            recorded = schedules.insertRun(
                    schedule.id(),
                    due,
                    now,
                    "SKIPPED",
                    null,
                    missed,
                    "misfire policy skip: " + (missed + 1) + (missed >= MAX_COUNTED ? " or more" : "")
                            + " ticks were missed while no api-gateway ticked this schedule");
        }
        log.info(
                "Schedule {} misfired: {} ticks since {} were missed; policy {}",
                schedule.id(),
                missed + 1,
                due,
                schedule.misfirePolicy().wireName());
        schedules.advance(schedule.id(), next.orElse(null), now);
        return recorded ? 1 : 0;
    }

    /**
     * Records the tick and submits its job, both in the current transaction.
     *
     * @return false when the tick was already recorded, so nothing was submitted
     */
    private boolean submit(
            ScheduleRow schedule, Instant tick, Instant now, int missed, List<TemplateSubmissions.Enqueued> enqueued) {
        String correlationId = "schedule-" + schedule.id() + "-" + tick.getEpochSecond();
        try {
            templates.validate(schedule.job());
        } catch (InvalidRequestException e) {
            String why = e.errors().stream().map(ScheduleTicker::describe).collect(Collectors.joining("; "));
            log.warn("Schedule {} tick {}: its job template no longer passes validation: {}", schedule.id(), tick, why);
            return schedules.insertRun(
                    schedule.id(), tick, now, "REJECTED", null, missed, truncate("job template is invalid: " + why));
        }
        UUID jobId = JobIds.newId(now);
        // The run row first: if another replica has recorded this tick, no job is written at all.
        if (!schedules.insertRun(schedule.id(), tick, now, "ENQUEUED", jobId, missed, null)) {
            log.debug("Schedule {} tick {} was already run by another replica", schedule.id(), tick);
            return false;
        }
        TemplateSubmissions.Enqueued job =
                templates.insert(schedule.job(), jobId, schedule.clientId(), correlationId, now);
        enqueued.add(job);
        return true;
    }

    private void publish(TemplateSubmissions.Enqueued job) {
        try {
            templates.publish(job);
        } catch (RuntimeException e) {
            // The job is stored; the dispatcher's sweep publishes it.
            log.warn("Publishing scheduled job_id={} failed; the sweep publishes it: {}", job.id(), e.toString());
        }
    }

    private static String describe(FieldError error) {
        return (error.field().isEmpty() ? "job" : "job." + error.field()) + " " + error.message();
    }

    private static String truncate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }
}
