package dev.connectorjobs.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ticks of cron expressions in a time zone, around the real daylight-saving changes of Europe/Berlin in 2027. */
class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Clocks go from 02:00 CET to 03:00 CEST on 28 March 2027 (01:00 UTC). */
    private static final Instant SPRING_FORWARD = Instant.parse("2027-03-28T01:00:00Z");

    /** Clocks go from 03:00 CEST back to 02:00 CET on 31 October 2027 (01:00 UTC). */
    private static final Instant FALL_BACK = Instant.parse("2027-10-31T01:00:00Z");

    @Test
    void a_daily_tick_in_the_skipped_hour_fires_once_at_the_jump_on_the_day_the_clocks_go_forward() {
        CronSchedule daily = CronSchedule.parse("0 30 2 * * *", "Europe/Berlin");

        List<Instant> ticks = ticks(daily, berlin(2027, 3, 26, 12, 0), 3);

        assertThat(ticks)
                .containsExactly(
                        Instant.parse("2027-03-27T01:30:00Z"), // 02:30 CET
                        SPRING_FORWARD, // 02:30 does not exist on the 28th: 03:00 CEST
                        Instant.parse("2027-03-29T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void every_time_of_the_skipped_hour_collapses_onto_one_tick() {
        CronSchedule quarterly = CronSchedule.parse("*/15 * * * *", "Europe/Berlin");

        List<Instant> ticks = ticks(quarterly, berlin(2027, 3, 28, 1, 40), 4);

        assertThat(ticks)
                .containsExactly(
                        berlin(2027, 3, 28, 1, 45),
                        SPRING_FORWARD, // 02:00, 02:15, 02:30, 02:45 do not exist; 03:00 is the same instant
                        berlin(2027, 3, 28, 3, 15),
                        berlin(2027, 3, 28, 3, 30));
    }

    @Test
    void a_daily_tick_in_the_repeated_hour_fires_once_on_the_day_the_clocks_go_back() {
        CronSchedule daily = CronSchedule.parse("0 30 2 * * *", "Europe/Berlin");

        List<Instant> ticks = ticks(daily, berlin(2027, 10, 29, 12, 0), 3);

        assertThat(ticks)
                .containsExactly(
                        Instant.parse("2027-10-30T00:30:00Z"), // 02:30 CEST
                        Instant.parse("2027-10-31T00:30:00Z"), // 02:30 CEST, the first 02:30
                        Instant.parse("2027-11-01T01:30:00Z"));
    }

    @Test
    void the_repeated_hour_is_not_run_again_by_a_frequent_schedule() {
        CronSchedule halfHourly = CronSchedule.parse("0,30 * * * *", "Europe/Berlin");

        List<Instant> ticks = ticks(halfHourly, Instant.parse("2027-10-30T23:15:00Z"), 5);

        assertThat(ticks)
                .containsExactly(
                        Instant.parse("2027-10-30T23:30:00Z"), // 01:30 CEST
                        Instant.parse("2027-10-31T00:00:00Z"), // 02:00 CEST
                        Instant.parse("2027-10-31T00:30:00Z"), // 02:30 CEST
                        Instant.parse("2027-10-31T02:00:00Z"), // 03:00 CET: 02:00 and 02:30 CET are not repeated
                        Instant.parse("2027-10-31T02:30:00Z"));
        assertThat(FALL_BACK).isBetween(ticks.get(2), ticks.get(3));
    }

    @Test
    void a_schedule_created_during_the_second_pass_of_the_repeated_hour_fires_in_it() {
        CronSchedule daily = CronSchedule.parse("0 30 2 * * *", "Europe/Berlin");

        // 02:10 CET, after the clocks went back: the first 02:30 has passed, the second is still ahead.
        assertThat(daily.next(Instant.parse("2027-10-31T01:10:00Z"))).contains(Instant.parse("2027-10-31T01:30:00Z"));
    }

    @Test
    void five_fields_tick_on_the_minute_and_six_fields_have_seconds_first() {
        Instant start = Instant.parse("2026-12-03T10:00:20Z");

        assertThat(CronSchedule.parse("*/5 * * * *", "UTC").next(start))
                .contains(Instant.parse("2026-12-03T10:05:00Z"));
        assertThat(CronSchedule.parse("30 * * * * *", "UTC").next(start))
                .contains(Instant.parse("2026-12-03T10:00:30Z"));
        assertThat(CronSchedule.parse("  0   12 * * *  ", "UTC").expression()).isEqualTo("0 12 * * *");
    }

    @Test
    void malformed_expressions_and_zones_are_refused_with_the_field_named() {
        assertInvalid("* * * *", "UTC", "cron", "has 4 fields");
        assertInvalid("* * * * * * *", "UTC", "cron", "has 7 fields");
        assertInvalid("0 0 99999999999 * * *", "UTC", "cron", "not a valid cron expression");
        assertInvalid("0 61 * * *", "UTC", "cron", "not a valid cron expression");
        assertInvalid("0 0 1\u0000 * *", "UTC", "cron", "printable ASCII");
        assertInvalid("x".repeat(CronSchedule.MAX_LENGTH + 1), "UTC", "cron", "printable ASCII");
        assertInvalid("@daily", "UTC", "cron", "has 1 fields");
        assertInvalid("0 0 * * *", "Mars/Olympus_Mons", "time_zone", "not a known time zone");
        assertInvalid("0 0 * * *", "Europe/Berlin\u0000", "time_zone", "IANA");
        assertInvalid("0 0 * * *", "", "time_zone", "IANA");
    }

    @Test
    void an_expression_that_never_matches_is_refused() {
        CronSchedule never = CronSchedule.parse("0 0 30 2 *", "UTC");

        assertThatThrownBy(() -> never.checkTicks(Instant.parse("2026-12-03T00:00:00Z"), Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(
                        CronSchedule.Invalid.class, e -> assertThat(e.reason()).contains("never matches"));
    }

    @Test
    void ticks_closer_than_the_minimum_interval_are_refused_even_when_rare() {
        Instant now = Instant.parse("2026-12-03T00:00:00Z");

        CronSchedule.parse("*/5 * * * *", "UTC").checkTicks(now, Duration.ofMinutes(5));
        CronSchedule.parse("* * * * * *", "UTC").checkTicks(now, Duration.ofSeconds(1));
        assertThatThrownBy(() -> CronSchedule.parse("*/5 * * * *", "UTC").checkTicks(now, Duration.ofMinutes(6)))
                .isInstanceOfSatisfying(
                        CronSchedule.Invalid.class,
                        e -> assertThat(e.reason())
                                .contains("300 s apart")
                                .contains("jobs.api.schedules.min-interval"));
        // Once a year, two ticks one second apart.
        assertThatThrownBy(() -> CronSchedule.parse("0,1 0 0 1 1 *", "UTC").checkTicks(now, Duration.ofMinutes(1)))
                .isInstanceOf(CronSchedule.Invalid.class);
    }

    private static void assertInvalid(String cron, String zone, String field, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(cron, zone))
                .as("%s in %s", cron, zone)
                .isInstanceOfSatisfying(CronSchedule.Invalid.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(message);
                });
    }

    private static List<Instant> ticks(CronSchedule schedule, Instant after, int count) {
        List<Instant> ticks = new ArrayList<>();
        Instant at = after;
        for (int i = 0; i < count; i++) {
            at = schedule.next(at).orElseThrow();
            ticks.add(at);
        }
        return ticks;
    }

    private static Instant berlin(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, BERLIN).toInstant();
    }
}
