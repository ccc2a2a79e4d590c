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

    private Examples() {}

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
