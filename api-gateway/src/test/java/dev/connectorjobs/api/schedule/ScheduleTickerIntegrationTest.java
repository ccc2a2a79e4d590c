package dev.connectorjobs.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.job.TemplateSubmissions;
import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.security.Role;
import dev.connectorjobs.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The ticker on a real PostgreSQL, driven by a clock the test moves: catching up, the misfire
 * policies, daylight-saving changes, and two tickers racing for the same ticks. The api-gateway's
 * own ticker is off; the clocks are in 2027, so no other replica of the test JVM finds these
 * schedules due (these tickers may find other tests' schedules due, so assertions read this test's
 * own rows).
 */
class ScheduleTickerIntegrationTest {

    private static final ApiClient ADMIN = new ApiClient(UUID.randomUUID(), "ticker-test", Role.ADMIN);

    /** A minute, as in the default configuration. */
    private static final Duration MISFIRE_THRESHOLD = Duration.ofMinutes(1);

    private static ScheduleApi api;

    private final List<UUID> created = new ArrayList<>();

    @BeforeAll
    static void start() {
        api = new ScheduleApi("jobs.api.schedules.enabled=false", "jobs.api.schedules.min-interval=1s");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @AfterEach
    void deleteSchedules() {
        created.forEach(id -> ScheduleApi.db().update("DELETE FROM schedules WHERE id = ?", id));
    }

    @Test
    void ticks_less_late_than_the_misfire_threshold_are_all_submitted_one_job_each() {
        SettableClock clock = new SettableClock(Instant.parse("2027-05-01T10:00:00.500Z"));
        UUID id = create(clock, "catch up", "* * * * * *", "skip");

        clock.advance(Duration.ofSeconds(5));
        ticker(clock).tick();

        assertThat(ScheduleApi.runs(id))
                .extracting(ScheduleApi.Run::scheduledAt)
                .containsExactly(seconds("2027-05-01T10:00:0", 1, 5));
        assertThat(ScheduleApi.runs(id)).allSatisfy(run -> {
            assertThat(run.outcome()).isEqualTo("ENQUEUED");
            assertThat(run.jobId()).isNotNull();
            assertThat(run.missedTicks()).isZero();
        });
        assertThat(ScheduleApi.jobsOf(id)).isEqualTo(5);
        assertThat(nextRunAt(id)).isEqualTo(Instant.parse("2027-05-01T10:00:06Z"));
        assertThat(ticker(clock).tick())
                .as("nothing is due until the clock moves")
                .isZero();
    }

    @Test
    void misfire_policy_skip_submits_nothing_for_the_missed_ticks_and_goes_on_at_the_next() {
        SettableClock clock = new SettableClock(Instant.parse("2027-05-02T10:00:00Z"));
        UUID id = create(clock, "skip", "0 * * * * *", "skip");
        clock.advance(Duration.ofSeconds(70));
        ticker(clock).tick(); // 10:01, on time

        clock.advance(Duration.ofMinutes(59)); // 11:00:10: every api-gateway was down since 10:01:10
        ticker(clock).tick();
        clock.advance(Duration.ofMinutes(1)); // 11:01:10
        ticker(clock).tick();

        List<ScheduleApi.Run> runs = ScheduleApi.runs(id);
        assertThat(runs)
                .extracting(ScheduleApi.Run::scheduledAt, ScheduleApi.Run::outcome, ScheduleApi.Run::missedTicks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-05-02T10:01:00Z"), "ENQUEUED", 0),
                        // 10:02 to 11:00: 59 ticks, one run that stands for 58 more
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-05-02T10:02:00Z"), "SKIPPED", 58),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-05-02T11:01:00Z"), "ENQUEUED", 0));
        assertThat(runs.get(1).jobId()).isNull();
        assertThat(ScheduleApi.jobsOf(id)).isEqualTo(2);
    }

    @Test
    void misfire_policy_run_once_submits_one_job_for_all_the_missed_ticks() {
        SettableClock clock = new SettableClock(Instant.parse("2027-05-03T10:00:00Z"));
        UUID id = create(clock, "run once", "0 * * * * *", "run_once");
        clock.advance(Duration.ofSeconds(70));
        ticker(clock).tick();

        clock.advance(Duration.ofMinutes(59));
        ticker(clock).tick();
        clock.advance(Duration.ofMinutes(1));
        ticker(clock).tick();

        List<ScheduleApi.Run> runs = ScheduleApi.runs(id);
        assertThat(runs)
                .extracting(ScheduleApi.Run::scheduledAt, ScheduleApi.Run::outcome, ScheduleApi.Run::missedTicks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-05-03T10:01:00Z"), "ENQUEUED", 0),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-05-03T10:02:00Z"), "ENQUEUED", 58),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-05-03T11:01:00Z"), "ENQUEUED", 0));
        assertThat(runs).allSatisfy(run -> assertThat(run.jobId()).isNotNull());
        assertThat(ScheduleApi.jobsOf(id)).isEqualTo(3);
    }

    @Test
    void the_night_the_clocks_go_forward_a_skipped_time_fires_once() {
        SettableClock clock = new SettableClock(Instant.parse("2027-03-27T22:00:00Z"));
        UUID daily = create(clock, "daily 02:30", "30 2 * * *", "Europe/Berlin", "skip");
        UUID halfHourly = create(clock, "half-hourly", "0,30 * * * *", "Europe/Berlin", "skip");

        tickThrough(clock, Duration.ofMinutes(285), Duration.ofMinutes(5));

        // 02:30 does not exist on 28 March 2027 in Berlin: it fires once, when the clocks jump (03:00 CEST).
        assertThat(ticks(daily)).containsExactly(Instant.parse("2027-03-28T01:00:00Z"));
        assertThat(ticks(halfHourly))
                .containsExactly(
                        Instant.parse("2027-03-27T22:30:00Z"), // 23:30 CET
                        Instant.parse("2027-03-27T23:00:00Z"), // 00:00 CET
                        Instant.parse("2027-03-27T23:30:00Z"),
                        Instant.parse("2027-03-28T00:00:00Z"), // 01:00 CET
                        Instant.parse("2027-03-28T00:30:00Z"), // 01:30 CET
                        Instant.parse("2027-03-28T01:00:00Z"), // 02:00 and 02:30 collapse onto 03:00 CEST
                        Instant.parse("2027-03-28T01:30:00Z"), // 03:30 CEST
                        Instant.parse("2027-03-28T02:00:00Z"),
                        Instant.parse("2027-03-28T02:30:00Z"));
        assertThat(ScheduleApi.jobsOf(daily)).isEqualTo(1);
        assertThat(ScheduleApi.jobsOf(halfHourly)).isEqualTo(9);
    }

    @Test
    void the_night_the_clocks_go_back_a_repeated_time_fires_once() {
        SettableClock clock = new SettableClock(Instant.parse("2027-10-30T22:00:00Z"));
        UUID daily = create(clock, "daily 02:30", "30 2 * * *", "Europe/Berlin", "skip");
        UUID halfHourly = create(clock, "half-hourly", "0,30 * * * *", "Europe/Berlin", "skip");

        tickThrough(clock, Duration.ofMinutes(285), Duration.ofMinutes(5));

        // 02:30 happens twice on 31 October 2027 in Berlin (CEST, then CET): it fires at the first.
        assertThat(ticks(daily)).containsExactly(Instant.parse("2027-10-31T00:30:00Z"));
        assertThat(ticks(halfHourly))
                .containsExactly(
                        Instant.parse("2027-10-30T22:30:00Z"), // 00:30 CEST
                        Instant.parse("2027-10-30T23:00:00Z"),
                        Instant.parse("2027-10-30T23:30:00Z"),
                        Instant.parse("2027-10-31T00:00:00Z"), // 02:00 CEST
                        Instant.parse("2027-10-31T00:30:00Z"), // 02:30 CEST
                        // 02:00 and 02:30 CET (01:00Z, 01:30Z) are the same wall-clock times: not again
                        Instant.parse("2027-10-31T02:00:00Z"), // 03:00 CET
                        Instant.parse("2027-10-31T02:30:00Z"));
        assertThat(ScheduleApi.jobsOf(daily)).isEqualTo(1);
        assertThat(ScheduleApi.jobsOf(halfHourly)).isEqualTo(7);
    }

    @Test
    void two_tickers_racing_for_every_tick_submit_exactly_one_job_per_tick() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2027-06-01T08:00:00.250Z"));
        UUID id = create(clock, "raced", "* * * * * *", "skip");
        ScheduleTicker first = ticker(clock);
        ScheduleTicker second = ticker(clock);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 60; i++) {
                clock.advance(Duration.ofSeconds(1));
                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(first::tick, threads);
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(second::tick, threads);
                CompletableFuture.allOf(a, b).get();
            }
        }

        List<ScheduleApi.Run> runs = ScheduleApi.runs(id);
        assertThat(runs)
                .extracting(ScheduleApi.Run::scheduledAt)
                .containsExactlyElementsOf(everySecond(Instant.parse("2027-06-01T08:00:01Z"), 60));
        assertThat(runs).extracting(ScheduleApi.Run::jobId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(ScheduleApi.jobsOf(id)).isEqualTo(60);
    }

    @Test
    void a_tick_already_recorded_elsewhere_submits_no_second_job() {
        SettableClock clock = new SettableClock(Instant.parse("2027-06-02T08:00:00.250Z"));
        UUID id = create(clock, "recorded", "* * * * * *", "skip");
        // Another replica's run for 08:00:01, as if its transaction had committed after this one read the row.
        ScheduleRepository repository = api.context.getBean(ScheduleRepository.class);
        api.context
                .getBean(TransactionTemplate.class)
                .executeWithoutResult(tx -> repository.insertRun(
                        id,
                        Instant.parse("2027-06-02T08:00:01Z"),
                        clock.instant(),
                        "ENQUEUED",
                        UUID.randomUUID(),
                        0,
                        null));

        clock.advance(Duration.ofSeconds(2));
        ticker(clock).tick();

        assertThat(ScheduleApi.runs(id)).hasSize(2);
        assertThat(ScheduleApi.jobsOf(id))
                .as("only the 08:00:02 tick submitted a job")
                .isEqualTo(1);
        assertThat(nextRunAt(id)).isEqualTo(Instant.parse("2027-06-02T08:00:03Z"));
    }

    @Test
    void runs_as_old_as_deleted_finished_jobs_are_deleted_but_each_schedules_newest_run_stays() {
        SettableClock clock = new SettableClock(Instant.parse("2027-07-01T00:00:00.500Z"));
        UUID id = create(clock, "retained", "* * * * * *", "skip");
        clock.advance(Duration.ofSeconds(3));
        ticker(clock).tick();
        assertThat(ScheduleApi.runs(id)).hasSize(3);
        var ctx = api.context;
        RunRetention retention = new RunRetention(
                ctx.getBean(org.springframework.jdbc.core.simple.JdbcClient.class),
                ctx.getBean(dev.connectorjobs.api.recovery.RetentionProperties.class),
                clock);

        retention.sweep();
        assertThat(ScheduleApi.runs(id)).as("younger than 7 days").hasSize(3);
        clock.advance(Duration.ofDays(8));
        retention.sweep();

        assertThat(ScheduleApi.runs(id))
                .extracting(ScheduleApi.Run::scheduledAt)
                .containsExactly(Instant.parse("2027-07-01T00:00:03Z"));
    }

    @Test
    void a_schedule_whose_job_cannot_be_written_is_passed_over_and_does_not_hold_up_the_others() {
        SettableClock clock = new SettableClock(Instant.parse("2027-08-01T00:00:00.500Z"));
        UUID broken = create(clock, "broken", "* * * * * *", "skip");
        clock.advance(Duration.ofMillis(100));
        UUID healthy = create(clock, "healthy", "* * * * * *", "skip");
        // A real failure of the job insert, for the broken schedule's jobs only.
        String function = "fail_" + broken.toString().replace("-", "");
        ScheduleApi.db()
                .execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF NEW.correlation_id LIKE 'schedule-" + broken + "-%' THEN RAISE EXCEPTION 'injected';"
                        + " END IF; RETURN NEW; END $$");
        ScheduleApi.db()
                .execute("CREATE TRIGGER " + function + " BEFORE INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION "
                        + function + "()");
        try {
            clock.advance(Duration.ofSeconds(1));
            ticker(clock).tick();
        } finally {
            ScheduleApi.db().execute("DROP TRIGGER " + function + " ON jobs");
            ScheduleApi.db().execute("DROP FUNCTION " + function + "()");
        }

        assertThat(ScheduleApi.runs(broken))
                .extracting(ScheduleApi.Run::outcome, ScheduleApi.Run::jobId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("REJECTED", null));
        assertThat(nextRunAt(broken)).isEqualTo(Instant.parse("2027-08-01T00:00:02Z"));
        assertThat(ScheduleApi.jobsOf(broken)).isZero();
        assertThat(ScheduleApi.runs(healthy))
                .extracting(ScheduleApi.Run::outcome)
                .containsExactly("ENQUEUED");
        assertThat(ScheduleApi.jobsOf(healthy)).isEqualTo(1);
    }

    private void tickThrough(SettableClock clock, Duration total, Duration step) {
        ScheduleTicker ticker = ticker(clock);
        for (Duration passed = Duration.ZERO; passed.compareTo(total) < 0; passed = passed.plus(step)) {
            clock.advance(step);
            ticker.tick();
        }
    }

    private static List<Instant> ticks(UUID id) {
        List<ScheduleApi.Run> runs = ScheduleApi.runs(id);
        assertThat(runs).allSatisfy(run -> assertThat(run.outcome()).isEqualTo("ENQUEUED"));
        return runs.stream().map(ScheduleApi.Run::scheduledAt).toList();
    }

    private static List<Instant> everySecond(Instant first, int count) {
        List<Instant> ticks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ticks.add(first.plusSeconds(i));
        }
        return ticks;
    }

    private static Instant[] seconds(String prefix, int from, int to) {
        List<Instant> ticks = new ArrayList<>();
        for (int s = from; s <= to; s++) {
            ticks.add(Instant.parse(prefix + s + "Z"));
        }
        return ticks.toArray(Instant[]::new);
    }

    private static Instant nextRunAt(UUID id) {
        return ScheduleApi.db()
                .queryForObject("SELECT next_run_at FROM schedules WHERE id = ?", java.sql.Timestamp.class, id)
                .toInstant();
    }

    private UUID create(SettableClock clock, String name, String cron, String misfire) {
        return create(clock, name, cron, "UTC", misfire);
    }

    private UUID create(SettableClock clock, String name, String cron, String zone, String misfire) {
        JsonNode body = ScheduleApi.JSON.readTree("{\"name\":\"" + name + "\",\"cron\":\"" + cron
                + "\",\"time_zone\":\"" + zone + "\",\"misfire_policy\":\"" + misfire + "\",\"job\":"
                + ScheduleApi.ECHO_JOB + "}");
        UUID id = service(clock).create(body, ADMIN).scheduleId();
        created.add(id);
        return id;
    }

    private static ScheduleService service(SettableClock clock) {
        var ctx = api.context;
        return new ScheduleService(
                ctx.getBean(ScheduleRepository.class),
                ctx.getBean(ScheduleRequests.class),
                ctx.getBean(ScheduleProperties.class),
                ctx.getBean(AuditLog.class),
                ctx.getBean(TransactionTemplate.class),
                clock);
    }

    private static ScheduleTicker ticker(SettableClock clock) {
        var ctx = api.context;
        ScheduleProperties properties = new ScheduleProperties(
                true, Duration.ofMillis(500), MISFIRE_THRESHOLD, Duration.ofSeconds(1), 100, 100);
        return new ScheduleTicker(
                ctx.getBean(ScheduleRepository.class),
                ctx.getBean(TemplateSubmissions.class),
                properties,
                ctx.getBean(TransactionTemplate.class),
                clock);
    }
}
