package dev.connectorjobs.api.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * How the console writes times, durations, states and JSON; the pages reach it as {@code fmt}. One
 * place, so that a state has the same colour and a time the same form on every page.
 */
public final class ConsoleFormat {

    private static final DateTimeFormatter ABSOLUTE = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final ObjectMapper mapper;

    ConsoleFormat(Clock clock, ObjectMapper mapper) {
        this.clock = clock;
        this.mapper = mapper;
    }

    /** "12 s ago", "3 min ago", "in 40 s"; empty for none. */
    public String relative(@Nullable Instant at) {
        if (at == null) {
            return "";
        }
        Duration d = Duration.between(at, clock.instant());
        boolean future = d.isNegative();
        String span = span(d.abs());
        return future ? "in " + span : span + " ago";
    }

    /** "2026-12-03 13:45:12 UTC"; empty for none. */
    public String absolute(@Nullable Instant at) {
        return at == null ? "" : ABSOLUTE.format(at);
    }

    /** The instant for a {@code <time datetime>} attribute. */
    public String iso(@Nullable Instant at) {
        return at == null ? "" : at.toString();
    }

    /** A duration in milliseconds, as "850 ms", "12.4 s", "3 min 5 s", "2 h 4 min". */
    public String millis(@Nullable Number millis) {
        if (millis == null) {
            return "";
        }
        long ms = millis.longValue();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return span(Duration.ofMillis(ms));
    }

    /** Seconds as a duration ({@link #millis}); empty for none. */
    public String seconds(@Nullable Double seconds) {
        return seconds == null ? "–" : millis(Math.round(seconds * 1000));
    }

    /** The CSS classes of a job state badge: the same colour for a state everywhere. */
    public String state(@Nullable String status) {
        return "badge state-"
                + (status == null ? "unknown" : status.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** Indented JSON; empty for none. */
    public String json(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return mapper.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }

    private static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 || s >= 600 ? "" : " " + (s % 60) + " s");
        }
        if (s < 86_400) {
            return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + " min");
        }
        return (s / 86_400) + " d" + ((s % 86_400) / 3600 == 0 ? "" : " " + (s % 86_400) / 3600 + " h");
    }
}
