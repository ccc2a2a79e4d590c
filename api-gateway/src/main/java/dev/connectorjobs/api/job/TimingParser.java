package dev.connectorjobs.api.job;

import dev.connectorjobs.model.catalog.FieldError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code countdown} (seconds), {@code eta} (an instant) and {@code expires} (an instant, or
 * seconds from now) of a submission into a {@link Timing}, adding a field error for every value that
 * does not fit: wrong types, negative or huge numbers, both {@code countdown} and {@code eta}, an
 * expiry already past or not after the eta.
 */
@Component
final class TimingParser {

    /** Instants a request may name: what PostgreSQL and JDBC can hold without surprise. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private final TimingProperties properties;
    private final Clock clock;

    TimingParser(TimingProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    Timing parse(JsonNode body, List<FieldError> errors) {
        JsonNode countdown = present(body, "countdown");
        JsonNode eta = present(body, "eta");
        JsonNode expires = present(body, "expires");
        if (countdown == null && eta == null && expires == null) {
            return Timing.NONE;
        }
        Instant now = clock.instant();
        StringBuilder canonical = new StringBuilder();
        Instant start = null;
        int before = errors.size();
        if (countdown != null && eta != null) {
            errors.add(new FieldError("countdown", "give either countdown (seconds) or eta (an instant), not both"));
            errors.add(new FieldError("eta", "give either countdown (seconds) or eta (an instant), not both"));
        } else if (countdown != null) {
            BigDecimal seconds = seconds(countdown, "countdown", properties.maxDelay(), true, errors);
            if (seconds != null) {
                start = now.plus(toDuration(seconds));
                canonical.append("countdown=").append(seconds.toPlainString()).append('\n');
            }
        } else if (eta != null) {
            Instant at = instant(eta, "eta", errors);
            if (at != null && at.isAfter(now.plus(properties.maxDelay()))) {
                errors.add(new FieldError(
                        "eta",
                        "must be at most " + properties.maxDelay().toSeconds()
                                + " s ahead (jobs.api.timing.max-delay)"));
            } else if (at != null) {
                start = at;
                canonical.append("eta=").append(at).append('\n');
            }
        }
        Instant expiresAt = null;
        if (expires != null) {
            if (expires.isNumber()) {
                BigDecimal seconds = seconds(expires, "expires", properties.maxExpiry(), false, errors);
                if (seconds != null) {
                    expiresAt = now.plus(toDuration(seconds));
                    canonical
                            .append("expires_in=")
                            .append(seconds.toPlainString())
                            .append('\n');
                }
            } else if (expires.isString()) {
                Instant at = instant(expires, "expires", errors);
                if (at != null && !at.isAfter(now)) {
                    errors.add(new FieldError("expires", "is already past (" + at + "); the job could never start"));
                } else if (at != null && at.isAfter(now.plus(properties.maxExpiry()))) {
                    errors.add(new FieldError(
                            "expires",
                            "must be at most " + properties.maxExpiry().toSeconds()
                                    + " s ahead (jobs.api.timing.max-expiry)"));
                } else if (at != null) {
                    expiresAt = at;
                    canonical.append("expires=").append(at).append('\n');
                }
            } else {
                errors.add(new FieldError(
                        "expires", "must be an ISO-8601 instant (e.g. 2026-12-31T23:00:00Z) or a number of seconds"));
            }
        }
        if (start != null && expiresAt != null && !expiresAt.isAfter(start)) {
            errors.add(new FieldError(
                    "expires",
                    "is not after the job's earliest start (" + start + "); the job would expire before it could"
                            + " start: give a later expires or an earlier countdown/eta"));
        }
        if (errors.size() > before) {
            return Timing.NONE;
        }
        return new Timing(start, expiresAt, canonical.toString());
    }

    private static @Nullable JsonNode present(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /**
     * A number of seconds between 0 (or just above, when {@code zeroAllowed} is false) and {@code max},
     * at most millisecond precision; null with an error otherwise.
     */
    private static @Nullable BigDecimal seconds(
            JsonNode node, String field, Duration max, boolean zeroAllowed, List<FieldError> errors) {
        String range = (zeroAllowed ? "from 0" : "greater than 0") + " to " + max.toSeconds();
        if (!node.isNumber()) {
            errors.add(new FieldError(field, "must be a number of seconds " + range));
            return null;
        }
        BigDecimal seconds;
        try {
            seconds = node.decimalValue();
        } catch (RuntimeException e) {
            errors.add(new FieldError(field, "must be a number of seconds " + range));
            return null;
        }
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(max.toSeconds())) > 0) {
            errors.add(new FieldError(
                    field, "must be a number of seconds " + range + ", was " + abbreviate(seconds.toString())));
            return null;
        }
        // Milliseconds are the precision kept; the bound check above keeps the scale change cheap.
        BigDecimal millis = seconds.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        if (!zeroAllowed && millis.signum() == 0) {
            errors.add(new FieldError(field, "must be a number of seconds " + range + " (milliseconds count)"));
            return null;
        }
        return millis.scale() < 0 ? millis.setScale(0) : millis;
    }

    private static Duration toDuration(BigDecimal seconds) {
        return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
    }

    /** An ISO-8601 instant with a zone or offset; null with an error otherwise. */
    private static @Nullable Instant instant(JsonNode node, String field, List<FieldError> errors) {
        String message = "must be an ISO-8601 instant with a zone or offset, e.g. 2026-12-31T23:00:00Z";
        if (!node.isString()) {
            errors.add(new FieldError(field, message));
            return null;
        }
        String text = node.asString();
        Instant at;
        try {
            at = text.length() > 64 ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null) {
            errors.add(new FieldError(field, message));
            return null;
        }
        if (at.isBefore(FIRST) || at.isAfter(LAST)) {
            errors.add(new FieldError(field, "must be an instant from year 1 to 9999"));
            return null;
        }
        return at;
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }
}
