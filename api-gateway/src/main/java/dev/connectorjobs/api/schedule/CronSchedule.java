package dev.connectorjobs.api.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule ticks: a cron expression (5 fields, or 6 with seconds first) read on the wall
 * clock of a time zone, parsed by Spring's {@link CronExpression}.
 *
 * <p>The expression is matched against local date-times, and each match is turned into an instant
 * here, because Spring's own arithmetic on {@code ZonedDateTime} does not do what cron users expect
 * around daylight-saving changes (checked with Spring 7.0: in Europe/Berlin, {@code 0 30 2 * * *}
 * never fires on the day the clocks go forward and fires twice on the day they go back):
 *
 * <ul>
 *   <li>A local time that does not exist (the clocks jump over it) fires at the instant of the jump,
 *       once: every time of a skipped hour collapses onto that one instant.
 *   <li>A local time that exists twice (the clocks go back) fires at its first occurrence only: the
 *       next tick is the next local time after the last one, so the repeated hour is not run again.
 * </ul>
 */
final class CronSchedule {

    /** Longest expression accepted, in characters (a long list of values fits easily). */
    static final int MAX_LENGTH = 200;

    /** Longest time-zone id accepted, in characters. */
    static final int MAX_ZONE_LENGTH = 64;

    /** Ticks the interval check looks at. */
    static final int INTERVAL_SAMPLE = 1000;

    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]+");
    private static final Pattern BLANKS = Pattern.compile(" +");

    private final String expression;
    private final CronExpression cron;
    private final ZoneId zone;
    private final ZoneRules rules;

    private CronSchedule(String expression, CronExpression cron, ZoneId zone) {
        this.expression = expression;
        this.cron = cron;
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /** Why a cron expression or time zone was refused: the field and a message for the client. */
    static final class Invalid extends RuntimeException {
        private final String field;
        private final String reason;

        Invalid(String field, String reason) {
            super(field + " " + reason);
            this.field = field;
            this.reason = reason;
        }

        String field() {
            return field;
        }

        /** What is wrong with the field, for the client. */
        String reason() {
            return reason;
        }
    }

    /**
     * Parses an expression in a zone.
     *
     * @throws Invalid naming the field ({@code cron} or {@code time_zone}) and what is wrong with it
     */
    static CronSchedule parse(String expression, String zoneId) {
        ZoneId zone = zone(zoneId);
        if (expression.length() > MAX_LENGTH || !PRINTABLE.matcher(expression).matches()) {
            throw new Invalid(
                    "cron",
                    "must be 1 to " + MAX_LENGTH + " printable ASCII characters: 5 fields (minute hour"
                            + " day-of-month month day-of-week) or 6 with seconds first, e.g. '0 30 2 * * *'");
        }
        List<String> fields = List.of(BLANKS.split(expression.strip()));
        if (fields.size() != 5 && fields.size() != 6) {
            throw new Invalid(
                    "cron",
                    "has " + fields.size() + " fields; give 5 (minute hour day-of-month month day-of-week) or 6"
                            + " with seconds first, e.g. '*/15 * * * *' or '0 30 2 * * *'");
        }
        String sixFields = (fields.size() == 5 ? "0 " : "") + String.join(" ", fields);
        CronExpression cron;
        try {
            cron = CronExpression.parse(sixFields);
        } catch (IllegalArgumentException e) {
            throw new Invalid("cron", "is not a valid cron expression: " + printable(e.getMessage()));
        }
        return new CronSchedule(String.join(" ", fields), cron, zone);
    }

    private static ZoneId zone(String zoneId) {
        if (zoneId.isEmpty()
                || zoneId.length() > MAX_ZONE_LENGTH
                || !PRINTABLE.matcher(zoneId).matches()) {
            throw new Invalid("time_zone", "must be an IANA time-zone id such as Europe/Berlin or UTC");
        }
        try {
            return ZoneId.of(zoneId);
        } catch (DateTimeException e) {
            throw new Invalid(
                    "time_zone",
                    "'" + zoneId + "' is not a known time zone; use an IANA id such as Europe/Berlin or UTC");
        }
    }

    /** The expression as stored: its fields separated by single spaces, 5 or 6 as given. */
    String expression() {
        return expression;
    }

    ZoneId zone() {
        return zone;
    }

    /** The first tick strictly after {@code after}; empty if the expression never matches again. */
    Optional<Instant> next(Instant after) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        // Each step moves the local time forward; only DST collapses make a step not count.
        for (int step = 0; step < 10_000; step++) {
            LocalDateTime candidate = cron.next(local);
            if (candidate == null) {
                return Optional.empty();
            }
            Instant at = instantOf(candidate, after);
            if (at != null) {
                return Optional.of(at);
            }
            local = candidate;
        }
        return Optional.empty();
    }

    /** The instant a local match fires at, if it is after {@code after}; null if it is not. */
    private @Nullable Instant instantOf(LocalDateTime local, Instant after) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            Instant jump = gap.getInstant();
            return jump.isAfter(after) ? jump : null;
        }
        Instant first = null;
        for (ZoneOffset offset : offsets) {
            Instant at = local.toInstant(offset);
            if (at.isAfter(after) && (first == null || at.isBefore(first))) {
                first = at;
            }
        }
        return first;
    }

    /**
     * Checks that the expression ticks at all and never sooner than {@code minInterval} after its
     * previous tick, over its next {@value #INTERVAL_SAMPLE} ticks (at most a year) from {@code now}.
     *
     * @throws Invalid on the {@code cron} field, saying what to change
     */
    void checkTicks(Instant now, Duration minInterval) {
        Instant previous = next(now)
                .orElseThrow(() -> new Invalid(
                        "cron",
                        "never matches a date (e.g. 30 February); give an expression that ticks at least once a"
                                + " year"));
        Instant horizon = previous.plus(Duration.ofDays(366));
        for (int i = 1; i < INTERVAL_SAMPLE && previous.isBefore(horizon); i++) {
            Optional<Instant> following = next(previous);
            if (following.isEmpty()) {
                return;
            }
            Duration gap = Duration.between(previous, following.get());
            if (gap.compareTo(minInterval) < 0) {
                throw new Invalid(
                        "cron",
                        "ticks " + gap.toSeconds() + " s apart (at " + previous + " and " + following.get()
                                + "); the shortest interval allowed is " + minInterval.toSeconds()
                                + " s (jobs.api.schedules.min-interval)");
            }
            previous = following.get();
        }
    }

    private static String printable(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() <= 300 ? clean : clean.substring(0, 300) + "...";
    }
}
