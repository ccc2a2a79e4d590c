package dev.connectorjobs.api.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** Schedule and run rows. */
@Repository
class ScheduleRepository {

    private static final String COLUMNS = """
            id, name, cron, time_zone, job::text AS job, misfire_policy, paused, client_id, next_run_at,
            last_run_at, created_at, updated_at
            """;

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    ScheduleRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    void insert(ScheduleRow row) {
        jdbc.sql("""
                        INSERT INTO schedules (id, name, cron, time_zone, job, misfire_policy, paused, client_id,
                                               next_run_at, last_run_at, created_at, updated_at)
                        VALUES (:id, :name, :cron, :zone, :job::jsonb, :misfire, :paused, :client, :next, NULL,
                                :created, :updated)
                        """)
                .param("id", row.id())
                .param("name", row.name())
                .param("cron", row.cron())
                .param("zone", row.timeZone())
                .param("job", mapper.writeValueAsString(row.job()))
                .param("misfire", row.misfirePolicy().wireName())
                .param("paused", row.paused())
                .param("client", row.clientId())
                .param("next", timestamp(row.nextRunAt()))
                .param("created", Timestamp.from(row.createdAt()))
                .param("updated", Timestamp.from(row.updatedAt()))
                .update();
    }

    /** Writes the changeable fields of {@code row}; false if it no longer exists. */
    boolean update(ScheduleRow row) {
        return jdbc.sql("""
                        UPDATE schedules
                           SET name = :name, cron = :cron, time_zone = :zone, job = :job::jsonb,
                               misfire_policy = :misfire, paused = :paused, next_run_at = :next,
                               updated_at = :updated
                         WHERE id = :id
                        """)
                        .param("id", row.id())
                        .param("name", row.name())
                        .param("cron", row.cron())
                        .param("zone", row.timeZone())
                        .param("job", mapper.writeValueAsString(row.job()))
                        .param("misfire", row.misfirePolicy().wireName())
                        .param("paused", row.paused())
                        .param("next", timestamp(row.nextRunAt()))
                        .param("updated", Timestamp.from(row.updatedAt()))
                        .update()
                == 1;
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM schedules WHERE id = :id").param("id", id).update() == 1;
    }

    Optional<ScheduleRow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM schedules WHERE id = :id")
                .param("id", id)
                .query(this::row)
                .optional();
    }

    /** The row, locked until the end of the current transaction. */
    Optional<ScheduleRow> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM schedules WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(this::row)
                .optional();
    }

    long countOwnedBy(String clientId) {
        return jdbc.sql("SELECT count(*) FROM schedules WHERE client_id = :client")
                .param("client", clientId)
                .query(Long.class)
                .single();
    }

    /**
     * A page of schedules in id order (creation order), after {@code after}.
     *
     * @param clientId only those of this owner; all when null
     */
    List<ScheduleRow> list(@Nullable String clientId, @Nullable UUID after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM schedules
                        WHERE (CAST(:client AS text) IS NULL OR client_id = :client)
                          AND (CAST(:after AS uuid) IS NULL OR id > :after)
                        ORDER BY id
                        LIMIT :limit
                        """)
                .param("client", clientId)
                .param("after", after)
                .param("limit", limit)
                .query(this::row)
                .list();
    }

    /**
     * One due schedule, locked for the caller's transaction; rows another replica holds are
     * skipped, and a row that replica has moved on is no longer due when it is re-read.
     */
    Optional<ScheduleRow> claimDue(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM schedules
                        WHERE next_run_at <= :now
                        ORDER BY next_run_at
                        LIMIT 1
                          FOR UPDATE SKIP LOCKED
                        """)
                .param("now", Timestamp.from(now))
                .query(this::row)
                .optional();
    }

    /** Whether the owner is an API key that has been revoked (a key from configuration never is). */
    boolean ownerRevoked(@Nullable String clientId) {
        if (clientId == null) {
            return false;
        }
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM api_keys WHERE id::text = :client AND revoked_at IS NOT NULL)")
                .param("client", clientId)
                .query(Boolean.class)
                .single();
    }

    /** Pauses a claimed schedule for good reason (the caller records a run saying why). */
    void pause(UUID id, Instant now) {
        jdbc.sql("UPDATE schedules SET paused = true, next_run_at = NULL, updated_at = :now WHERE id = :id")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
    }

    void advance(UUID id, @Nullable Instant next, Instant lastRun) {
        jdbc.sql("UPDATE schedules SET next_run_at = :next, last_run_at = :last WHERE id = :id")
                .param("id", id)
                .param("next", timestamp(next))
                .param("last", Timestamp.from(lastRun))
                .update();
    }

    /**
     * Records a tick; false when the tick was already recorded (another replica ran it), in which
     * case nothing may be submitted for it.
     */
    boolean insertRun(
            UUID scheduleId,
            Instant scheduledAt,
            Instant firedAt,
            String outcome,
            @Nullable UUID jobId,
            int missedTicks,
            @Nullable String detail) {
        return jdbc.sql("""
                        INSERT INTO schedule_runs (schedule_id, scheduled_at, fired_at, outcome, job_id,
                                                   missed_ticks, detail)
                        VALUES (:schedule, :scheduled, :fired, :outcome, :job, :missed, :detail)
                        ON CONFLICT (schedule_id, scheduled_at) DO NOTHING
                        """)
                        .param("schedule", scheduleId)
                        .param("scheduled", Timestamp.from(scheduledAt))
                        .param("fired", Timestamp.from(firedAt))
                        .param("outcome", outcome)
                        .param("job", jobId)
                        .param("missed", missedTicks)
                        .param("detail", detail)
                        .update()
                == 1;
    }

    /** A page of a schedule's runs, newest tick first, before {@code before}. */
    List<RunView> runs(UUID scheduleId, @Nullable Instant before, int limit) {
        return jdbc.sql("""
                        SELECT r.scheduled_at, r.fired_at, r.outcome, r.job_id, j.status, r.missed_ticks, r.detail
                          FROM schedule_runs r LEFT JOIN jobs j ON j.id = r.job_id
                         WHERE r.schedule_id = :schedule
                           AND (CAST(:before AS timestamptz) IS NULL OR r.scheduled_at < :before)
                         ORDER BY r.scheduled_at DESC
                         LIMIT :limit
                        """)
                .param("schedule", scheduleId)
                .param("before", timestamp(before))
                .param("limit", limit)
                .query((rs, n) -> run(rs))
                .list();
    }

    /** The newest run of each of these schedules that has one (one index probe per schedule). */
    Map<UUID, RunView> lastRuns(List<UUID> scheduleIds) {
        if (scheduleIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, RunView> last = new HashMap<>();
        jdbc.sql("""
                        SELECT s.id AS schedule_id, latest.*
                          FROM schedules s
                          CROSS JOIN LATERAL (
                                SELECT r.scheduled_at, r.fired_at, r.outcome, r.job_id, j.status, r.missed_ticks,
                                       r.detail
                                  FROM schedule_runs r LEFT JOIN jobs j ON j.id = r.job_id
                                 WHERE r.schedule_id = s.id
                                 ORDER BY r.scheduled_at DESC
                                 LIMIT 1) latest
                         WHERE s.id IN (:ids)
                        """).param("ids", scheduleIds).query((ResultSet rs) -> {
            last.put(rs.getObject("schedule_id", UUID.class), run(rs));
        });
        return last;
    }

    private static RunView run(ResultSet rs) throws SQLException {
        return new RunView(
                instant(rs, "scheduled_at"),
                instant(rs, "fired_at"),
                rs.getString("outcome"),
                rs.getObject("job_id", UUID.class),
                rs.getString("status"),
                rs.getInt("missed_ticks"),
                rs.getString("detail"));
    }

    private ScheduleRow row(ResultSet rs, int n) throws SQLException {
        return new ScheduleRow(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("cron"),
                rs.getString("time_zone"),
                mapper.readTree(rs.getString("job")),
                MisfirePolicy.fromWire(rs.getString("misfire_policy"))
                        .orElseThrow(() -> new IllegalStateException("unknown misfire policy in the database")),
                rs.getBoolean("paused"),
                rs.getString("client_id"),
                nullableInstant(rs, "next_run_at"),
                nullableInstant(rs, "last_run_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
