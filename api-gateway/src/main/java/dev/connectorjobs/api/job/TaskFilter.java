package dev.connectorjobs.api.job;

import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.StorableInput;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Filter and keyset position of a task listing (and of a bulk re-drive, which takes the same
 * filters).
 *
 * @param operation the jobs' operation
 * @param errorType the jobs' {@code error_type} (e.g. {@code PoisonJob}, {@code WorkerLost})
 * @param after the last task of the previous page: the listing continues strictly older than it
 */
public record TaskFilter(
        Optional<JobStatus> status,
        Optional<String> connector,
        Optional<String> operation,
        Optional<String> errorType,
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<Cursor> after) {

    /**
     * A position in the newest-first order: the id of the last task of a page (ids sort by creation
     * time). Cursors made before migration V9 carried the creation time too, as
     * {@code <instant>|<id>}; they are still accepted, and only their id counts.
     */
    public record Cursor(UUID id) {

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(id.toString().getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                if (bar >= 0) {
                    Instant.parse(decoded.substring(0, bar));
                }
                return new Cursor(JobIds.parse(decoded.substring(bar + 1)).orElseThrow(IllegalArgumentException::new));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new BadRequestException(
                        "cursor is not valid; pass the next_cursor value of the previous page unchanged");
            }
        }
    }

    public static TaskFilter parse(
            @Nullable String status,
            @Nullable String connector,
            @Nullable String operation,
            @Nullable String errorType,
            @Nullable String since,
            @Nullable String until,
            @Nullable String cursor) {
        return new TaskFilter(
                Optional.ofNullable(status).map(TaskFilter::status),
                Optional.ofNullable(connector).filter(c -> !c.isBlank()).map(c -> text("connector", c)),
                Optional.ofNullable(operation).filter(c -> !c.isBlank()).map(c -> text("operation", c)),
                Optional.ofNullable(errorType).filter(c -> !c.isBlank()).map(c -> text("error_type", c)),
                Optional.ofNullable(since).map(s -> instant("since", s)),
                Optional.ofNullable(until).map(s -> instant("until", s)),
                Optional.ofNullable(cursor).map(Cursor::decode));
    }

    private static String text(String name, String text) {
        StorableInput.problemIn(text).ifPresent(problem -> {
            throw new BadRequestException(name + " " + problem);
        });
        if (text.length() > 200) {
            throw new BadRequestException(name + " is longer than 200 characters; no job has such a value");
        }
        return text;
    }

    private static JobStatus status(String text) {
        try {
            return JobStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status '" + text + "' is not a job status; use one of "
                    + java.util.Arrays.toString(JobStatus.values()));
        }
    }

    /** The instants a filter accepts: years 1 to 9999, as PostgreSQL and JDBC can hold them. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static Instant instant(String name, String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(
                    name + " '" + text + "' is not an ISO-8601 instant; use e.g. 2026-01-31T12:00:00Z");
        }
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new BadRequestException(name + " '" + text + "' is out of range; use an instant from year 1 to 9999");
        }
        return instant;
    }
}
