package dev.connectorjobs.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends as {@code cron} and {@code time_zone}, the answer is a schedule or a
 * refusal naming the field (a 422), never another exception (a 500).
 */
class CronScheduleFuzzPropertyTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Property(tries = 3000)
    void any_expression_and_zone_is_a_schedule_or_a_refusal_of_a_named_field(
            @ForAll("expressions") String cron, @ForAll("zones") String zone) {
        try {
            CronSchedule schedule = CronSchedule.parse(cron, zone);
            try {
                schedule.checkTicks(NOW, Duration.ofSeconds(1));
                assertThat(schedule.next(NOW))
                        .hasValueSatisfying(next -> assertThat(next).isAfter(NOW));
            } catch (CronSchedule.Invalid e) {
                assertThat(e.field()).isEqualTo("cron");
            }
        } catch (CronSchedule.Invalid e) {
            assertThat(e.field()).isIn("cron", "time_zone");
            assertThat(e.reason()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 70).map(String::valueOf),
                Arbitraries.of("0", "1", "31", "59", "99999999999", "2147483648", "-0", "007"));
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.of("*", "?", "L", "W", "LW", "L-3", "15W", "5L", "MON-FRI", "SUN#2", "JAN", "DEC", "*/0"),
                number,
                number.map(n -> "*/" + n),
                Arbitraries.integers()
                        .between(0, 60)
                        .list()
                        .ofMinSize(2)
                        .ofMaxSize(4)
                        .map(l ->
                                String.join(",", l.stream().map(String::valueOf).toList())),
                number.list().ofSize(2).map(l -> l.get(0) + "-" + l.get(1)),
                number.list().ofSize(2).map(l -> l.get(0) + "/" + l.get(1)),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> fields = field.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join(" ", l));
        return Arbitraries.oneOf(fields, fields, fields, Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.oneOf(
                Arbitraries.of(List.of(
                        "UTC",
                        "Europe/Berlin",
                        "America/New_York",
                        "Australia/Lord_Howe",
                        "Pacific/Chatham",
                        "+02:00",
                        "GMT+5",
                        "Z",
                        "utc",
                        "Europe/Nowhere",
                        "../etc/passwd",
                        " UTC")),
                Arbitraries.strings().ofMaxLength(20));
    }
}
