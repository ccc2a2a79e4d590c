package dev.connectorjobs.worker.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.utils.DateUtils;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code Retry-After} (RFC 9110, section 10.2.3): a number of seconds, or an HTTP-date in any
 * of the three formats a recipient must accept. A date in the past means "now". A 429 without it
 * is read from {@code X-RateLimit-Reset}, which services write in one of two ways: the seconds
 * until the limit resets (Datadog), or the reset's Unix time (GitHub, Okta).
 */
final class RetryAfter {

    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    /** An {@code X-RateLimit-Reset} above this many seconds is a Unix time, not a wait. */
    private static final long UNIX_TIME_ABOVE = 1_000_000_000L;

    private RetryAfter() {}

    /** The wait an answer asks for: its {@code Retry-After}, or for a 429 its {@code X-RateLimit-Reset}. */
    static Optional<Duration> of(HttpResult result, Instant now) {
        Optional<Duration> retryAfter = parse(result.header("Retry-After").orElse(null), now);
        if (retryAfter.isPresent() || result.status() != 429) {
            return retryAfter;
        }
        return rateLimitReset(result.header("X-RateLimit-Reset").orElse(null), now);
    }

    /** {@code X-RateLimit-Reset}: seconds until the reset, or (past 10^9) the reset's Unix time. */
    static Optional<Duration> rateLimitReset(@Nullable String value, Instant now) {
        if (value == null || value.isBlank() || !value.trim().chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (number <= UNIX_TIME_ABOVE) {
            return Optional.of(Duration.ofSeconds(number));
        }
        Instant at = Instant.ofEpochSecond(number);
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    /** The wait {@code value} asks for, seen at {@code now}; empty if absent or unreadable. */
    static Optional<Duration> parse(@Nullable String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        Instant at = DateUtils.parseStandardDate(text);
        if (at == null) {
            at = asctime(text);
        }
        if (at == null) {
            return Optional.empty();
        }
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    /** ANSI C's asctime() format, {@code Sun Nov  6 08:49:37 1994}, which HttpClient does not read. */
    private static @Nullable Instant asctime(String text) {
        try {
            return ASCTIME.parse(text.replaceAll("\\s+", " "), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
