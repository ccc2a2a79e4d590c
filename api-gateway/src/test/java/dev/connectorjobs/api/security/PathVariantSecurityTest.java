package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestInfrastructure;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route reached through paths that differ from the canonical one only in form: path
 * parameters ({@code ;x}) on any segment, percent-encoded letters, dot segments (plain and
 * encoded), double and trailing slashes, encoded slashes, case changes. Whatever the form: never a
 * 2xx without a valid key, never an ADMIN operation with a USER key, never a 5xx.
 */
class PathVariantSecurityTest {

    private static SecuredApi api;
    private static String userKey;
    private static String revokedKey;
    private static String adminTask;

    @BeforeAll
    static void keys() throws Exception {
        api = SecuredApi.get();
        userKey = api.newKey("variant-user", "USER");
        String revokedName = "variant-revoked-" + UUID.randomUUID();
        revokedKey = api.newKey(revokedName, "USER");
        api.json("DELETE", "/api/v1/admin/api-keys/" + keyId(revokedName), TestInfrastructure.ADMIN_KEY, null);
        HttpResponse<String> submitted = api.json(
                "POST",
                "/api/v1/jobs",
                TestInfrastructure.ADMIN_KEY,
                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1}}");
        adminTask = api.body(submitted).get("task_id").asString();
    }

    private static String keyId(String name) throws Exception {
        for (var k : api.body(api.json("GET", "/api/v1/admin/api-keys", TestInfrastructure.ADMIN_KEY, null))
                .get("keys")) {
            if (k.get("name").asString().equals(name)) {
                return k.get("id").asString();
            }
        }
        throw new AssertionError("no key named " + name);
    }

    /** A route: method, canonical path, query, body, and whether a USER key may use it. */
    record Route(
            String method,
            String path,
            String query,
            @Nullable String body,
            boolean userMay) {}

    static List<Route> routes() {
        String job = "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}";
        return List.of(
                new Route("POST", "/api/v1/jobs", "", job, true),
                new Route("POST", "/api/v1/jobs:batch", "", "{\"jobs\":[" + job + "]}", true),
                new Route("GET", "/api/v1/connectors", "", null, true),
                new Route("GET", "/api/v1/admin/tasks/{task}/status", "", null, true),
                // The task is the admin's: a USER key may not revoke it.
                new Route("POST", "/api/v1/admin/tasks/{task}/revoke", "", null, false),
                new Route("GET", "/api/v1/admin/tasks", "?limit=1", null, true),
                new Route("GET", "/api/v1/admin/tasks/active", "", null, true),
                new Route("GET", "/api/v1/admin/workers", "", null, true),
                new Route("GET", "/api/v1/admin/health/circuit-breakers", "", null, true),
                new Route("GET", "/api/v1/admin/health/circuit-breakers/landscape", "", null, true),
                new Route("POST", "/api/v1/admin/health/circuit-breakers/landscape/restore", "?wait=0", null, false),
                new Route("GET", "/api/v1/admin/api-keys", "", null, false),
                new Route(
                        "POST", "/api/v1/admin/api-keys", "", "{\"name\":\"variant-made\",\"role\":\"ADMIN\"}", false),
                // A key that does not exist: the role check comes first, so the answer tells the checks apart.
                new Route("DELETE", "/api/v1/admin/api-keys/{key}", "", null, false),
                new Route("GET", "/actuator/metrics", "", null, true),
                new Route("GET", "/actuator/prometheus", "", null, true));
    }

    /** The same path in other forms that a server might route to the same handler. */
    static Map<String, String> variants(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] segments = path.substring(1).split("/");
        for (int i = 0; i < segments.length; i++) {
            out.put(";x on segment " + i, join(segments, i, segments[i] + ";x"));
            out.put("encoded letter in segment " + i, join(segments, i, encodeFirstLetter(segments[i])));
            out.put("upper case segment " + i, join(segments, i, segments[i].toUpperCase(Locale.ROOT)));
        }
        String head = "/" + segments[0];
        String tail = path.substring(head.length());
        out.put(";jsessionid", path + ";jsessionid=x");
        out.put("dot segment", head + "/." + tail);
        out.put("dot-dot segment", head + "/x/.." + tail);
        out.put("encoded dot segment", head + "/%2e" + tail);
        out.put("encoded dot-dot segment", head + "/x/%2E%2E" + tail);
        out.put("double slash", head + "/" + tail);
        out.put("leading double slash", "/" + path);
        out.put("trailing slash", path + "/");
        out.put("encoded slash", head + "%2F" + tail.substring(1));
        out.put("encoded backslash", head + "%5C" + tail.substring(1));
        out.put("encoded percent", head + "/%25" + tail);
        out.put("upper case", path.toUpperCase(Locale.ROOT));
        return out;
    }

    private static String join(String[] segments, int index, String replacement) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            path.append('/').append(i == index ? replacement : segments[i]);
        }
        return path.toString();
    }

    private static String encodeFirstLetter(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isLetter(c)) {
                return segment.substring(0, i) + String.format("%%%02X", (int) c) + segment.substring(i + 1);
            }
        }
        return segment;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Route route : routes()) {
            String path = route.path()
                    .replace("{task}", adminTask)
                    .replace("{key}", UUID.randomUUID().toString());
            for (Map.Entry<String, String> variant : variants(path).entrySet()) {
                for (String caller : List.of("no key", "revoked key", "USER", "ADMIN")) {
                    cases.add(Arguments.of(route, variant.getKey(), variant.getValue(), caller));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} via {1} with {3}")
    @MethodSource("cases")
    void a_path_in_another_form_never_passes_a_check_the_canonical_path_would_not(
            Route route, String variant, String path, String caller) throws Exception {
        String key = switch (caller) {
            case "no key" -> null;
            case "revoked key" -> revokedKey;
            case "USER" -> userKey;
            default -> TestInfrastructure.ADMIN_KEY;
        };
        HttpResponse<String> response = api.json(route.method(), path + route.query(), key, route.body());

        int status = response.statusCode();
        assertThat(status)
                .as("%s %s: %s", route.method(), path, response.body())
                .isLessThan(500);
        if (caller.equals("no key") || caller.equals("revoked key") || (caller.equals("USER") && !route.userMay())) {
            assertThat(status)
                    .as("%s %s: %s", route.method(), path, response.body())
                    .isGreaterThanOrEqualTo(400);
        }
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .as("%s %s", route.method(), path)
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        }
    }
}
