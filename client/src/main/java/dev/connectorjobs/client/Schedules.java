package dev.connectorjobs.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The calls behind the schedule methods of {@link ConnectorJobsClient}. */
final class Schedules {

    private static final String PATH = "/api/v1/schedules";

    private final Http http;

    Schedules(Http http) {
        this.http = http;
    }

    /** Creating has no idempotency key: repeated only after a 429, answered before anything is stored. */
    Schedule create(ScheduleRequest request) {
        return schedule(send("POST", PATH, request, Http.Retry.RATE_LIMIT_ONLY));
    }

    Schedule get(UUID id) {
        return schedule(send("GET", PATH + "/" + id, null, Http.Retry.SAFE));
    }

    Schedule update(UUID id, Map<String, ?> changes) {
        return schedule(send("PATCH", PATH + "/" + id, changes, Http.Retry.SAFE));
    }

    Schedule pause(UUID id) {
        return schedule(send("POST", PATH + "/" + id + "/pause", null, Http.Retry.SAFE));
    }

    Schedule resume(UUID id) {
        return schedule(send("POST", PATH + "/" + id + "/resume", null, Http.Retry.SAFE));
    }

    void delete(UUID id) {
        send("DELETE", PATH + "/" + id, null, Http.Retry.SAFE);
    }

    SchedulePage page(@Nullable String cursor, int limit) {
        return http.json()
                .treeToValue(send("GET", PATH + query(cursor, limit), null, Http.Retry.SAFE), SchedulePage.class);
    }

    ScheduleRunPage runs(UUID id, @Nullable String cursor, int limit) {
        return http.json()
                .treeToValue(
                        send("GET", PATH + "/" + id + "/runs" + query(cursor, limit), null, Http.Retry.SAFE),
                        ScheduleRunPage.class);
    }

    private static String query(@Nullable String cursor, int limit) {
        return "?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }

    private Schedule schedule(JsonNode body) {
        return http.json().treeToValue(body, Schedule.class);
    }

    private JsonNode send(String method, String path, @Nullable Object body, Http.Retry retry) {
        return http.send(new Http.Call(
                        method, path, body, Map.of(), retry, http.settings().requestTimeout()))
                .body();
    }
}
