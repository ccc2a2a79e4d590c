package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Authentication, roles, input limits, rate limits, audit and the OpenAPI document. */
class SecurityIntegrationTest {

    static SecuredApi api;
    static String userKey;
    static String otherUserKey;
    static String revokedKey;

    @BeforeAll
    static void keys() throws Exception {
        api = SecuredApi.get();
        userKey = api.newKey("matrix-user", "USER");
        otherUserKey = api.newKey("other-user", "USER");
        revokedKey = api.newKey("revoked-user", "USER");
        String revokedId = keyId("revoked-user");
        assertThat(api.json("DELETE", "/api/v1/admin/api-keys/" + revokedId, TestInfrastructure.ADMIN_KEY, null)
                        .statusCode())
                .isEqualTo(200);
    }

    private static String keyId(String name) throws Exception {
        for (JsonNode k : api.body(api.json("GET", "/api/v1/admin/api-keys", TestInfrastructure.ADMIN_KEY, null))
                .get("keys")) {
            if (k.get("name").asString().equals(name)) {
                return k.get("id").asString();
            }
        }
        throw new AssertionError("no key named " + name);
    }

    private static String submit(String key) throws Exception {
        HttpResponse<String> response = api.json(
                "POST",
                "/api/v1/jobs",
                key,
                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return api.body(response).get("task_id").asString();
    }

    /** An endpoint, how to call it with a key, and the status USER and ADMIN get. */
    record Endpoint(String name, Function<String, HttpResponse<String>> call, int user, int admin) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static HttpResponse<String> call(String method, String path, String key, String body) {
        try {
            return api.json(method, path, key, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Endpoint> endpoints() {
        String job = "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}";
        return Stream.of(
                new Endpoint("submit", k -> call("POST", "/api/v1/jobs", k, job), 202, 202),
                new Endpoint(
                        "submit batch",
                        k -> call("POST", "/api/v1/jobs:batch", k, "{\"jobs\":[" + job + "]}"),
                        202,
                        202),
                new Endpoint("connectors", k -> call("GET", "/api/v1/connectors", k, null), 200, 200),
                new Endpoint(
                        "status",
                        k -> call("GET", "/api/v1/admin/tasks/" + submitAsAdmin() + "/status", k, null),
                        200,
                        200),
                new Endpoint(
                        "revoke own",
                        k -> call("POST", "/api/v1/admin/tasks/" + submitAsOrAdmin(k) + "/revoke", k, null),
                        200,
                        200),
                new Endpoint(
                        "revoke another's",
                        k -> call("POST", "/api/v1/admin/tasks/" + submitAs(otherUserKey) + "/revoke", k, null),
                        403,
                        200),
                new Endpoint(
                        "re-drive own",
                        k -> call(
                                "POST", "/api/v1/admin/tasks/" + revokedAs(submitAsOrAdmin(k), k) + "/retry", k, null),
                        200,
                        200),
                new Endpoint(
                        "re-drive another's",
                        k -> call(
                                "POST",
                                "/api/v1/admin/tasks/" + revokedAs(submitAs(otherUserKey), otherUserKey) + "/retry",
                                k,
                                null),
                        403,
                        200),
                new Endpoint(
                        "bulk re-drive",
                        k -> call(
                                "POST",
                                "/api/v1/admin/tasks:retry",
                                k,
                                "{\"status\":\"REVOKED\",\"operation\":\"no-such-operation\"}"),
                        200,
                        200),
                new Endpoint("list tasks", k -> call("GET", "/api/v1/admin/tasks", k, null), 200, 200),
                new Endpoint("active tasks", k -> call("GET", "/api/v1/admin/tasks/active", k, null), 200, 200),
                new Endpoint("workers", k -> call("GET", "/api/v1/admin/workers", k, null), 200, 200),
                new Endpoint("breakers", k -> call("GET", "/api/v1/admin/health/circuit-breakers", k, null), 200, 200),
                new Endpoint(
                        "one breaker",
                        k -> call("GET", "/api/v1/admin/health/circuit-breakers/jira", k, null),
                        200,
                        200),
                new Endpoint("list keys", k -> call("GET", "/api/v1/admin/api-keys", k, null), 403, 200),
                new Endpoint(
                        "create key",
                        k -> call("POST", "/api/v1/admin/api-keys", k, "{\"name\":\"m\",\"role\":\"USER\"}"),
                        403,
                        201),
                new Endpoint(
                        "revoke key",
                        k -> call("DELETE", "/api/v1/admin/api-keys/" + throwawayKeyId(), k, null),
                        403,
                        200),
                new Endpoint(
                        "webhook hosts", k -> call("GET", "/api/v1/admin/webhooks/allowed-hosts", k, null), 403, 200),
                new Endpoint(
                        "allow a webhook host",
                        k -> call("PUT", "/api/v1/admin/webhooks/allowed-hosts/hooks.security-test.example", k, null),
                        403,
                        201),
                new Endpoint(
                        "disallow a webhook host",
                        k -> call(
                                "DELETE", "/api/v1/admin/webhooks/allowed-hosts/hooks.security-test.example", k, null),
                        403,
                        200));
    }

    static Stream<Endpoint> adminOnlyBreakerOperations() {
        return Stream.of("reset", "force-open", "disable", "restore")
                .map(action -> new Endpoint(
                        "breaker " + action,
                        k -> call("POST", "/api/v1/admin/health/circuit-breakers/jira/" + action + "?wait=0", k, null),
                        403,
                        -1));
    }

    /** A task submitted by {@code key}, or by the admin for callers that cannot submit. */
    private static String submitAsOrAdmin(String key) {
        return submitAs(key == null || key.equals(revokedKey) ? TestInfrastructure.ADMIN_KEY : key);
    }

    /** Revokes the task with {@code key} (the admin's for callers that cannot), so that it can be re-driven. */
    private static String revokedAs(String taskId, String key) {
        String by = key == null || key.equals(revokedKey) ? TestInfrastructure.ADMIN_KEY : key;
        HttpResponse<String> revoked = call("POST", "/api/v1/admin/tasks/" + taskId + "/revoke", by, null);
        if (revoked.statusCode() != 200) {
            throw new IllegalStateException("could not revoke " + taskId + ": " + revoked.body());
        }
        return taskId;
    }

    private static String submitAsAdmin() {
        return submitAs(TestInfrastructure.ADMIN_KEY);
    }

    private static String submitAs(String key) {
        try {
            return submit(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String throwawayKeyId() {
        try {
            String name = "throwaway-" + UUID.randomUUID();
            api.newKey(name, "USER");
            return keyId(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        Stream.concat(endpoints(), adminOnlyBreakerOperations()).forEach(e -> {
            rows.add(Arguments.of(e, "no key", 401));
            rows.add(Arguments.of(e, "revoked key", 401));
            rows.add(Arguments.of(e, "USER", e.user()));
            rows.add(Arguments.of(e, "ADMIN", e.admin()));
        });
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @MethodSource("matrix")
    void every_endpoint_answers_each_kind_of_caller_as_its_role_allows(Endpoint endpoint, String caller, int expected) {
        String key = switch (caller) {
            case "no key" -> null;
            case "revoked key" -> revokedKey;
            case "USER" -> userKey;
            default -> TestInfrastructure.ADMIN_KEY;
        };

        HttpResponse<String> response = endpoint.call().apply(key);

        if (expected == -1) {
            assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        }
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            JsonNode problem = api.body(response);
            assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
            assertThat(problem.get("detail").asString()).isNotBlank();
        }
    }

    @Test
    void liveness_and_readiness_need_no_key() throws Exception {
        assertThat(api.json("GET", "/actuator/health/liveness", null, null).statusCode())
                .isEqualTo(200);
        assertThat(api.json("GET", "/actuator/health/readiness", null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_created_key_is_shown_once_and_only_its_hash_is_stored() throws Exception {
        String key = api.newKey("hash-check", "USER");

        List<String> stored = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForList("SELECT key_hash FROM api_keys WHERE name = 'hash-check'", String.class);
        String listed = api.json("GET", "/api/v1/admin/api-keys", TestInfrastructure.ADMIN_KEY, null)
                .body();

        assertThat(stored).singleElement().isEqualTo(ApiKeys.hash(key)).isNotEqualTo(key);
        assertThat(listed).doesNotContain(key).contains("hash-check");
    }

    @Test
    void a_request_body_over_the_limit_is_413_and_stores_nothing() throws Exception {
        long before = JobRows.total();
        String big = "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"blob\":\""
                + "x".repeat(300 * 1024) + "\"}}";

        HttpResponse<String> response = api.json("POST", "/api/v1/jobs", userKey, big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.body(response).get("detail").asString()).contains("limit");
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void a_wrong_content_type_is_415() throws Exception {
        HttpResponse<String> response =
                api.send("POST", "/api/v1/jobs", userKey, "text/plain", "connector=diagnostics&operation=echo");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }

    @Test
    void each_class_of_bad_input_gets_its_status_and_stores_nothing() throws Exception {
        long before = JobRows.total();
        Map<String, Integer> cases = Map.of(
                "{\"connector\":", 400,
                "[1,2,3]", 422,
                "{\"connector\":\"nosuch\",\"operation\":\"echo\"}", 422,
                "{\"connector\":\"diagnostics\",\"operation\":\"nosuch\"}", 422,
                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":\"x\"}}", 422,
                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"max_retries\":11}", 422,
                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"timeout_seconds\":0}", 422,
                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"queue\":\"nowhere\"}", 422);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            HttpResponse<String> response = api.json("POST", "/api/v1/jobs", userKey, c.getKey());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(c.getValue());
            if (c.getValue() == 422) {
                assertThat(api.body(response).get("errors").isArray())
                        .as(c.getKey())
                        .isTrue();
            }
        }
        assertThat(api.json("GET", "/api/v1/admin/tasks/123/status", userKey, null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void a_key_that_submits_too_fast_gets_429_with_retry_after() throws Exception {
        String key = api.newKey("rate-" + UUID.randomUUID(), "USER");
        HttpResponse<String> limited = null;
        for (int i = 0; i < 60 && limited == null; i++) {
            HttpResponse<String> response =
                    api.json("POST", "/api/v1/jobs", key, "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}");
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(limited).isNotNull();
        assertThat(limited.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(api.body(limited).get("detail").asString()).contains("limit");
    }

    @Test
    void revocations_and_key_management_are_audited_with_their_actor() throws Exception {
        String task = submit(userKey);
        api.json("POST", "/api/v1/admin/tasks/" + task + "/revoke", userKey, "{\"reason\":\"audit check\"}");

        List<Map<String, Object>> rows = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForList(
                        "SELECT actor_name, action, detail::text AS detail FROM audit_log WHERE target = ?", task);

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("actor_name")).isEqualTo("matrix-user");
            assertThat(row.get("action")).isEqualTo("task.revoke");
            assertThat((String) row.get("detail")).contains("audit check");
        });
        Integer created = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForObject(
                        "SELECT count(*) FROM audit_log WHERE action = 'api_key.create' AND actor_name = ?",
                        Integer.class,
                        "bootstrap-admin");
        assertThat(created).isPositive();
    }

    @Test
    void idempotency_keys_are_scoped_per_api_key() throws Exception {
        String idem = "shared-" + UUID.randomUUID();
        String body = "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}";

        HttpResponse<String> mine =
                api.send("POST", "/api/v1/jobs", userKey, "application/json", body, "Idempotency-Key", idem);
        HttpResponse<String> theirs =
                api.send("POST", "/api/v1/jobs", otherUserKey, "application/json", body, "Idempotency-Key", idem);

        assertThat(mine.statusCode()).isEqualTo(202);
        assertThat(theirs.statusCode()).isEqualTo(202);
        assertThat(api.body(theirs).get("task_id").asString())
                .isNotEqualTo(api.body(mine).get("task_id").asString());
    }
}
