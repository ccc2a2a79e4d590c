package dev.connectorjobs.api.schedule;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.web.ForbiddenException;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.job.JobIds;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Creates, changes, pauses and deletes schedules, for the API and the console alike. An ADMIN key
 * may manage every schedule; a USER key only those it created (as with revoking jobs). Every
 * change is audited.
 */
@Service
public class ScheduleService {

    private final ScheduleRepository schedules;
    private final ScheduleRequests requests;
    private final ScheduleProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ScheduleService(
            ScheduleRepository schedules,
            ScheduleRequests requests,
            ScheduleProperties properties,
            AuditLog audit,
            TransactionTemplate transactions,
            Clock clock) {
        this.schedules = schedules;
        this.requests = requests;
        this.properties = properties;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    ScheduleView create(JsonNode body, ApiClient caller) {
        Instant now = now();
        ScheduleDraft draft = requests.parse(body, null, now);
        String owner = caller.keyId().toString();
        ScheduleRow row = new ScheduleRow(
                JobIds.newId(now),
                draft.name(),
                draft.schedule().expression(),
                draft.schedule().zone().getId(),
                draft.job(),
                draft.misfirePolicy(),
                draft.paused(),
                owner,
                draft.paused() ? null : firstTick(draft.schedule(), now),
                null,
                now,
                now);
        ScheduleRow stored = Objects.requireNonNull(transactions.execute(status -> {
            if (!caller.isAdmin() && schedules.countOwnedBy(owner) >= properties.maxPerClient()) {
                throw new InvalidRequestException(List.of(new FieldError(
                        "",
                        "this key already owns " + properties.maxPerClient()
                                + " schedules (jobs.api.schedules.max-per-client); delete one first")));
            }
            schedules.insert(row);
            audit.record("schedule.create", row.id().toString(), detail(row));
            return reread(row.id());
        }));
        return ScheduleView.of(stored);
    }

    /** One schedule; 404 for none, 403 for another key's schedule unless the caller is an ADMIN. */
    public ScheduleView get(UUID id, ApiClient caller) {
        return ScheduleView.of(owned(schedules.find(id), id, caller, "read"));
    }

    /** Applies a change; the next tick is computed again from now when the timing changes. */
    ScheduleView update(UUID id, JsonNode body, ApiClient caller) {
        return change(id, caller, "schedule.update", "change", current -> {
            Instant now = now();
            ScheduleDraft draft = requests.parse(body, current, now);
            boolean timingChanged = !draft.schedule().expression().equals(current.cron())
                    || !draft.schedule().zone().getId().equals(current.timeZone())
                    || draft.paused() != current.paused();
            Instant next =
                    draft.paused() ? null : timingChanged ? firstTick(draft.schedule(), now) : current.nextRunAt();
            return new ScheduleRow(
                    current.id(),
                    draft.name(),
                    draft.schedule().expression(),
                    draft.schedule().zone().getId(),
                    draft.job(),
                    draft.misfirePolicy(),
                    draft.paused(),
                    current.clientId(),
                    next,
                    current.lastRunAt(),
                    current.createdAt(),
                    now);
        });
    }

    /** Pauses: no tick runs until it is resumed; the ticks in between are not run later. */
    public ScheduleView pause(UUID id, ApiClient caller) {
        return change(
                id,
                caller,
                "schedule.pause",
                "pause",
                current -> current.paused() ? current : withPaused(current, true, null, now()));
    }

    /** Resumes at the first tick after now. */
    public ScheduleView resume(UUID id, ApiClient caller) {
        return change(id, caller, "schedule.resume", "resume", current -> {
            if (!current.paused()) {
                return current;
            }
            CronSchedule schedule = CronSchedule.parse(current.cron(), current.timeZone());
            Instant now = now();
            return withPaused(current, false, firstTick(schedule, now), now);
        });
    }

    /** Deletes a schedule and its runs; the jobs it submitted stay. */
    public void delete(UUID id, ApiClient caller) {
        transactions.executeWithoutResult(status -> {
            ScheduleRow current = owned(schedules.lock(id), id, caller, "delete");
            schedules.delete(id);
            audit.record("schedule.delete", id.toString(), detail(current));
        });
    }

    /** A page of schedules, and the cursor of the next page when there may be one. */
    public record Page(
            List<ScheduleView> schedules, @Nullable String nextCursor) {}

    /** The caller's schedules (every schedule for an ADMIN key). */
    public Page list(ApiClient caller, @Nullable UUID after, int limit) {
        List<ScheduleRow> rows =
                schedules.list(caller.isAdmin() ? null : caller.keyId().toString(), after, limit);
        String next = rows.size() == limit ? rows.getLast().id().toString() : null;
        return new Page(rows.stream().map(ScheduleView::of).toList(), next);
    }

    /** A page of runs, newest first, and the cursor of the next page when there may be one. */
    public record RunPage(List<RunView> runs, @Nullable String nextCursor) {}

    /** The schedule's runs before {@code before} (all when null), newest tick first. */
    public RunPage runs(UUID id, ApiClient caller, @Nullable Instant before, int limit) {
        owned(schedules.find(id), id, caller, "read");
        List<RunView> runs = schedules.runs(id, before, limit);
        String next = runs.size() == limit ? runs.getLast().scheduledAt().toString() : null;
        return new RunPage(runs, next);
    }

    /**
     * The last run of each of {@code shown} that has run, by schedule id: for a list of schedules the
     * caller was shown (so may read), one query for the page rather than one per schedule.
     */
    public Map<UUID, RunView> lastRuns(List<ScheduleView> shown) {
        return schedules.lastRuns(shown.stream().map(ScheduleView::scheduleId).toList());
    }

    /** Whether {@code caller} may pause, resume, change or delete {@code schedule}: its owner or an ADMIN. */
    public boolean mayManage(ScheduleView schedule, ApiClient caller) {
        return mayManage(schedule.ownerKeyId(), caller);
    }

    private interface Change {
        ScheduleRow apply(ScheduleRow current);
    }

    private ScheduleView change(UUID id, ApiClient caller, String action, String verb, Change change) {
        ScheduleRow updated = Objects.requireNonNull(transactions.execute(status -> {
            ScheduleRow current = owned(schedules.lock(id), id, caller, verb);
            ScheduleRow next = change.apply(current);
            if (next == current) {
                return current;
            }
            schedules.update(next);
            audit.record(action, id.toString(), detail(next));
            return reread(id);
        }));
        return ScheduleView.of(updated);
    }

    /** The row as stored (jsonb orders the template's keys its own way). */
    private ScheduleRow reread(UUID id) {
        return schedules.find(id).orElseThrow(() -> new IllegalStateException("schedule " + id + " vanished"));
    }

    /** Now, at the database's resolution, so that an answer equals a later read. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ScheduleRow withPaused(ScheduleRow row, boolean paused, @Nullable Instant next, Instant now) {
        return new ScheduleRow(
                row.id(),
                row.name(),
                row.cron(),
                row.timeZone(),
                row.job(),
                row.misfirePolicy(),
                paused,
                row.clientId(),
                next,
                row.lastRunAt(),
                row.createdAt(),
                now);
    }

    private static @Nullable Instant firstTick(CronSchedule schedule, Instant now) {
        return schedule.next(now).orElse(null);
    }

    private static ScheduleRow owned(Optional<ScheduleRow> found, UUID id, ApiClient caller, String verb) {
        ScheduleRow row = found.orElseThrow(
                () -> new NotFoundException("No schedule with id " + id + "; list yours with GET /api/v1/schedules"));
        if (!mayManage(row.clientId(), caller)) {
            throw new ForbiddenException("A USER key may " + verb + " only the schedules it created; schedule " + id
                    + " belongs to another key. Ask an admin.");
        }
        return row;
    }

    private static boolean mayManage(@Nullable String owner, ApiClient caller) {
        return caller.isAdmin() || caller.keyId().toString().equals(owner);
    }

    private static Map<String, Object> detail(ScheduleRow row) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", row.name());
        detail.put("cron", row.cron());
        detail.put("time_zone", row.timeZone());
        detail.put("misfire_policy", row.misfirePolicy().wireName());
        detail.put("paused", row.paused());
        detail.put("connector", row.job().path("connector").asString(""));
        detail.put("operation", row.job().path("operation").asString(""));
        return detail;
    }
}
