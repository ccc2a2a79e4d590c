package dev.connectorjobs.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Filters of a task listing, newest first; every filter is optional.
 *
 * <pre>{@code
 * TaskQuery.all().status("FAILURE").connector("servicenow").since(Instant.parse("2026-01-01T00:00:00Z"))
 * }</pre>
 *
 * @param status only tasks in this status (PENDING, QUEUED, STARTED, RETRY, SUCCESS, FAILURE, REVOKED)
 * @param connector only tasks of this connector
 * @param since only tasks created at or after this instant
 * @param until only tasks created before this instant
 * @param pageSize tasks per request, 1 to 500; default {@value #DEFAULT_PAGE_SIZE}
 */
public record TaskQuery(
        @Nullable String status,
        @Nullable String connector,
        @Nullable Instant since,
        @Nullable Instant until,
        int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 100;

    public TaskQuery {
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("pageSize must be between 1 and 500; was " + pageSize);
        }
    }

    /** Every task, {@value #DEFAULT_PAGE_SIZE} per request. */
    public static TaskQuery all() {
        return new TaskQuery(null, null, null, null, DEFAULT_PAGE_SIZE);
    }

    public TaskQuery status(@Nullable String value) {
        return new TaskQuery(value, connector, since, until, pageSize);
    }

    public TaskQuery connector(@Nullable String value) {
        return new TaskQuery(status, value, since, until, pageSize);
    }

    public TaskQuery since(@Nullable Instant value) {
        return new TaskQuery(status, connector, value, until, pageSize);
    }

    public TaskQuery until(@Nullable Instant value) {
        return new TaskQuery(status, connector, since, value, pageSize);
    }

    public TaskQuery pageSize(int value) {
        return new TaskQuery(status, connector, since, until, value);
    }

    /** The query string of one page, from {@code cursor} on (null: the first page). */
    String queryString(@Nullable String cursor) {
        Map<String, String> params = new LinkedHashMap<>();
        if (status != null) {
            params.put("status", status);
        }
        if (connector != null) {
            params.put("connector", connector);
        }
        if (since != null) {
            params.put("since", since.toString());
        }
        if (until != null) {
            params.put("until", until.toString());
        }
        params.put("limit", Integer.toString(pageSize));
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }
}
