package dev.connectorjobs.api.docs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Examples of the main exchanges in the OpenAPI document; a test checks them against real answers. */
final class Examples {

    static final String TASK_ID = "01a22485-844c-76ba-93db-6b3c8a29fe87";

    static final Map<String, @Nullable Object> SUBMIT_REQUEST = ordered(
            "connector",
            "diagnostics",
            "operation",
            "echo",
            "params",
            Map.of("hello", "world"),
            "max_retries",
            3,
            "timeout_seconds",
            120,
            "queue",
            "default",
            "priority",
            5,
            "expires",
            3600);

    /** A delayed job: it starts no sooner than 5 minutes from now, and not at all after 23:00 UTC. */
    static final Map<String, @Nullable Object> DELAYED_SUBMIT_REQUEST = ordered(
            "connector",
            "servicenow",
            "operation",
            "create_incident",
            "params",
            Map.of("short_description", "Disk full on db-7"),
            "countdown",
            300,
            "expires",
            "2026-12-31T23:00:00Z");

    /** A job that starts at an instant. */
    static final Map<String, @Nullable Object> ETA_SUBMIT_REQUEST =
            ordered("connector", "diagnostics", "operation", "echo", "eta", "2026-12-31T22:00:00Z", "expires", 7200);

    static final Map<String, @Nullable Object> SUBMIT_RESPONSE = ordered("task_id", TASK_ID, "status", "PENDING");

    static final Map<String, @Nullable Object> STATUS_RESPONSE = ordered(
            "task_id",
            TASK_ID,
            "status",
            "SUCCESS",
            "result",
            Map.of("hello", "world"),
            "error",
            null,
            "progress",
            null,
            "connector",
            "diagnostics",
            "operation",
            "echo",
            "queue",
            "default",
            "attempt",
            1,
            "max_retries",
            3,
            "timeout_seconds",
            120,
            "priority",
            5,
            "error_type",
            null,
            "result_truncated",
            false,
            "created_at",
            "2026-11-28T10:00:00.000Z",
            "started_at",
            "2026-11-28T10:00:00.012Z",
            "finished_at",
            "2026-11-28T10:00:00.015Z",
            "next_attempt_at",
            null,
            "worker_id",
            "worker-1",
            "correlation_id",
            "4f1c2b9e-0c5e-4a55-9b2e-6f0d3c1a7e21",
            "revoke_reason",
            null,
            "checkpoint",
            null,
            "eta",
            null,
            "expires_at",
            "2026-11-28T11:00:00.000Z",
            "redrive_count",
            0,
            "callback",
            ordered(
                    "url",
                    "https://hooks.team-a.example/jobs",
                    "deliveries",
                    List.of(ordered(
                            "job_status",
                            "SUCCESS",
                            "state",
                            "DELIVERED",
                            "attempts",
                            1,
                            "created_at",
                            "2026-11-28T10:00:00.015Z",
                            "delivered_at",
                            "2026-11-28T10:00:00.412Z",
                            "next_attempt_at",
                            null,
                            "last_http_status",
                            204,
                            "last_error",
                            null,
                            "history",
                            List.of(ordered(
                                    "attempt",
                                    1,
                                    "at",
                                    "2026-11-28T10:00:00.412Z",
                                    "http_status",
                                    204,
                                    "error",
                                    null,
                                    "duration_ms",
                                    31))))),
            "attempts",
            List.of(ordered(
                    "attempt",
                    1,
                    "worker_id",
                    "worker-1",
                    "started_at",
                    "2026-11-28T10:00:00.012Z",
                    "finished_at",
                    "2026-11-28T10:00:00.015Z",
                    "outcome",
                    "SUCCESS",
                    "error_type",
                    null,
                    "error_message",
                    null,
                    "http_status",
                    null,
                    "duration_ms",
                    3)));

    static final Map<String, @Nullable Object> REVOKE_RESPONSE = ordered(
            "task_id", TASK_ID,
            "status", "REVOKED",
            "previous_status", "STARTED",
            "cancel_requested", true,
            "reason", "superseded by a newer run");

    static final Map<String, @Nullable Object> REDRIVE_REQUEST = ordered("max_retries", 5);

    static final Map<String, @Nullable Object> REDRIVE_RESPONSE = ordered(
            "task_id", TASK_ID, "status", "PENDING", "previous_status", "FAILURE", "attempt", 5, "max_retries", 5);

    static final Map<String, @Nullable Object> BULK_REDRIVE_REQUEST = ordered(
            "status", "FAILURE",
            "connector", "servicenow",
            "operation", "create_incident",
            "error_type", "UpstreamUnavailable",
            "since", "2026-11-28T00:00:00Z",
            "until", "2026-11-29T00:00:00Z",
            "max_retries", 5);

    static final Map<String, @Nullable Object> BULK_REDRIVE_RESPONSE = ordered("requeued", 42, "more", false);
    static final String SCHEDULE_ID = "019a8e2c-5b40-7d1e-9c3a-2f6d4e8b1a07";

    static final Map<String, @Nullable Object> SCHEDULE_JOB = ordered(
            "connector",
            "diagnostics",
            "operation",
            "echo",
            "params",
            ordered("message", "nightly inventory check"),
            "timeout_seconds",
            300,
            "max_retries",
            2);

    static final Map<String, @Nullable Object> SCHEDULE_REQUEST = ordered(
            "name", "nightly inventory check",
            "cron", "0 30 2 * * *",
            "time_zone", "Europe/Berlin",
            "misfire_policy", "run_once",
            "job", SCHEDULE_JOB);

    static final Map<String, @Nullable Object> SCHEDULE_RESPONSE = ordered(
            "schedule_id", SCHEDULE_ID,
            "name", "nightly inventory check",
            "cron", "0 30 2 * * *",
            "time_zone", "Europe/Berlin",
            "misfire_policy", "run_once",
            "paused", false,
            "job", SCHEDULE_JOB,
            "owner_key_id", "0199f1d2-7a3b-7c4d-8e5f-a1b2c3d4e5f6",
            "next_run_at", "2026-12-04T01:30:00Z",
            "last_run_at", null,
            "created_at", "2026-12-03T14:05:12.345Z",
            "updated_at", "2026-12-03T14:05:12.345Z");

    static final Map<String, @Nullable Object> PAUSED_RESPONSE = paused();

    static final Map<String, @Nullable Object> SCHEDULE_PATCH = ordered("cron", "0 0 3 * * *", "paused", false);

    static final Map<String, @Nullable Object> SCHEDULE_LIST =
            ordered("schedules", List.of(SCHEDULE_RESPONSE), "next_cursor", null);

    static final Map<String, @Nullable Object> RUNS_RESPONSE = ordered(
            "runs",
            List.of(
                    ordered(
                            "scheduled_at", "2026-12-03T01:30:00Z",
                            "fired_at", "2026-12-03T01:30:00.112Z",
                            "outcome", "ENQUEUED",
                            "task_id", TASK_ID,
                            "task_status", "SUCCESS",
                            "missed_ticks", 0,
                            "detail", null),
                    ordered(
                            "scheduled_at", "2026-12-01T01:30:00Z",
                            "fired_at", "2026-12-02T09:14:03.501Z",
                            "outcome", "ENQUEUED",
                            "task_id", "01a1ef2b-33c0-7a55-8f0e-5d2c9b7e4a11",
                            "task_status", "SUCCESS",
                            "missed_ticks", 1,
                            "detail", null)),
            "next_cursor",
            "MjAyNi0xMi0wMVQwMTozMDowMFo");
    static final Map<String, @Nullable Object> LIMIT_REQUEST =
            ordered("max_concurrent", 3, "max_starts", 100, "per_seconds", 60);

    static final Map<String, @Nullable Object> LIMIT_RESPONSE = ordered(
            "connector", "servicenow",
            "operation", "create_ticket",
            "max_concurrent", 3,
            "max_starts", 100,
            "per_seconds", 60,
            "source", "admin",
            "updated_at", "2026-11-28T10:00:00.000Z",
            "updated_by", "ops-admin");

    private Examples() {}

    private static Map<String, @Nullable Object> paused() {
        Map<String, @Nullable Object> paused = new LinkedHashMap<>(SCHEDULE_RESPONSE);
        paused.put("paused", true);
        paused.put("next_run_at", null);
        paused.put("updated_at", "2026-12-03T15:00:00.001Z");
        return paused;
    }

    static void apply(OpenAPI openApi) {
        operation(openApi, "/api/v1/jobs", PathItem.HttpMethod.POST).ifPresent(op -> {
            request(op, SUBMIT_REQUEST);
            namedRequests(op, Map.of("countdown", DELAYED_SUBMIT_REQUEST, "eta", ETA_SUBMIT_REQUEST));
            response(op, "202", SUBMIT_RESPONSE);
        });
        operation(openApi, "/api/v1/admin/tasks/{id}/retry", PathItem.HttpMethod.POST)
                .ifPresent(op -> {
                    request(op, REDRIVE_REQUEST);
                    response(op, "200", REDRIVE_RESPONSE);
                });
        operation(openApi, "/api/v1/admin/tasks:retry", PathItem.HttpMethod.POST)
                .ifPresent(op -> {
                    request(op, BULK_REDRIVE_REQUEST);
                    response(op, "200", BULK_REDRIVE_RESPONSE);
                });
        operation(openApi, "/api/v1/admin/tasks/{id}/status", PathItem.HttpMethod.GET)
                .ifPresent(op -> response(op, "200", STATUS_RESPONSE));
        operation(openApi, "/api/v1/admin/tasks/{id}/revoke", PathItem.HttpMethod.POST)
                .ifPresent(op -> response(op, "200", REVOKE_RESPONSE));
        operation(openApi, "/api/v1/schedules", PathItem.HttpMethod.POST).ifPresent(op -> {
            request(op, SCHEDULE_REQUEST);
            response(op, "201", SCHEDULE_RESPONSE);
            op.getResponses().remove("200");
        });
        operation(openApi, "/api/v1/schedules", PathItem.HttpMethod.GET)
                .ifPresent(op -> response(op, "200", SCHEDULE_LIST));
        operation(openApi, "/api/v1/schedules/{id}", PathItem.HttpMethod.GET)
                .ifPresent(op -> response(op, "200", SCHEDULE_RESPONSE));
        operation(openApi, "/api/v1/schedules/{id}", PathItem.HttpMethod.PATCH).ifPresent(op -> {
            request(op, SCHEDULE_PATCH);
            response(op, "200", SCHEDULE_RESPONSE);
        });
        operation(openApi, "/api/v1/schedules/{id}/pause", PathItem.HttpMethod.POST)
                .ifPresent(op -> response(op, "200", PAUSED_RESPONSE));
        operation(openApi, "/api/v1/schedules/{id}/resume", PathItem.HttpMethod.POST)
                .ifPresent(op -> response(op, "200", SCHEDULE_RESPONSE));
        operation(openApi, "/api/v1/schedules/{id}/runs", PathItem.HttpMethod.GET)
                .ifPresent(op -> response(op, "200", RUNS_RESPONSE));
        for (String path :
                List.of("/api/v1/admin/limits/{connector}", "/api/v1/admin/limits/{connector}/{operation}")) {
            Map<String, @Nullable Object> answer = new LinkedHashMap<>(LIMIT_RESPONSE);
            if (!path.endsWith("{operation}")) {
                answer.put("operation", null);
            }
            operation(openApi, path, PathItem.HttpMethod.PUT).ifPresent(op -> {
                request(op, LIMIT_REQUEST);
                response(op, "200", answer);
            });
            operation(openApi, path, PathItem.HttpMethod.GET).ifPresent(op -> response(op, "200", answer));
        }
    }

    private static java.util.Optional<Operation> operation(OpenAPI openApi, String path, PathItem.HttpMethod method) {
        PathItem item = openApi.getPaths() == null ? null : openApi.getPaths().get(path);
        return java.util.Optional.ofNullable(
                item == null ? null : item.readOperationsMap().get(method));
    }

    private static void request(Operation op, Object example) {
        RequestBody body = op.getRequestBody() == null ? new RequestBody() : op.getRequestBody();
        body.setContent(new Content().addMediaType("application/json", new MediaType().example(example)));
        op.setRequestBody(body);
    }

    /** More request examples beside the main one, by name. */
    private static void namedRequests(Operation op, Map<String, Object> examples) {
        RequestBody body = op.getRequestBody();
        MediaType json = body == null || body.getContent() == null
                ? null
                : body.getContent().get("application/json");
        if (json == null) {
            return; // request() has set it; nothing else removes it
        }
        examples.forEach((name, example) -> json.addExamples(name, new Example().value(example)));
    }

    private static void response(Operation op, String status, Object example) {
        ApiResponse response = op.getResponses().get(status);
        if (response == null) {
            response = new ApiResponse().description("OK");
            op.getResponses().addApiResponse(status, response);
        }
        response.setContent(new Content().addMediaType("application/json", new MediaType().example(example)));
    }

    /** A map in the order given, from alternating keys and values; values may be JSON nulls. */
    private static Map<String, @Nullable Object> ordered(@Nullable Object... pairs) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
