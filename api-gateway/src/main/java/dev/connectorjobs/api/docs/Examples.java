package dev.connectorjobs.api.docs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
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
            5);

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

    static void apply(OpenAPI openApi) {
        operation(openApi, "/api/v1/jobs", PathItem.HttpMethod.POST).ifPresent(op -> {
            request(op, SUBMIT_REQUEST);
            response(op, "202", SUBMIT_RESPONSE);
        });
        operation(openApi, "/api/v1/admin/tasks/{id}/status", PathItem.HttpMethod.GET)
                .ifPresent(op -> response(op, "200", STATUS_RESPONSE));
        operation(openApi, "/api/v1/admin/tasks/{id}/revoke", PathItem.HttpMethod.POST)
                .ifPresent(op -> response(op, "200", REVOKE_RESPONSE));
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
