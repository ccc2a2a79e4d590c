package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Odd input anywhere, sent as raw bytes: paths with encoded NUL, invalid UTF-8, dot segments and
 * path parameters; query values and headers with any character; JSON bodies with NUL, lone
 * surrogates, numbers beyond the double range, nesting far past the limit, nulls, with and
 * without {@code Idempotency-Key}. Never a 5xx, and a refused request writes no row.
 *
 * <p>CI runs {@code jqwik.tries.default} tries (see junit-platform.properties); for a long run:
 * {@code ./mvnw -pl api-gateway verify -Dtest=ApiInputFuzzPropertyTest -Djqwik.tries.default=10000}.
 */
class ApiInputFuzzPropertyTest {

    private static final JdbcTemplate DB = new JdbcTemplate(TestDatabase.get().dataSource());

    private static SecuredApi api;
    private static String userKey;
    private static String userKeyId;
    private static String userTask;

    @BeforeContainer
    static void start() throws Exception {
        api = SecuredApi.named(
                "fuzz",
                "jobs.security.submit-rate-per-second=1000000",
                "jobs.security.submit-burst=1000000",
                "jobs.security.auth-failure-burst=1000000");
        String name = "input-fuzz-" + UUID.randomUUID();
        userKey = api.newKey(name, "USER");
        userKeyId = DB.queryForObject("SELECT id::text FROM api_keys WHERE name = ?", String.class, name);
        userTask = api.body(api.json(
                        "POST",
                        "/api/v1/jobs",
                        userKey,
                        "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1}}"))
                .get("task_id")
                .asString();
    }

    /** One request: its head (request line and headers) and body bytes. */
    record Request(String head, byte[] body) {
        @Override
        public String toString() {
            return head.replace("\r\n", " | ") + " || " + new String(body, StandardCharsets.UTF_8);
        }
    }

    @Property
    void odd_input_never_gets_a_5xx_and_a_refused_request_writes_nothing(@ForAll("requests") Request request)
            throws Exception {
        long jobsBefore = jobsOfTheFuzzKey();
        long keysBefore = keys();
        long auditBefore = auditRows();

        RawHttp.Response response = RawHttp.exchange(api.port, request.head(), request.body());

        assertThat(response.status()).as("%s -> %s", request, response.body()).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(jobsOfTheFuzzKey()).as(request.toString()).isEqualTo(jobsBefore);
            assertThat(keys()).as(request.toString()).isEqualTo(keysBefore);
            assertThat(auditRows()).as(request.toString()).isEqualTo(auditBefore);
            assertThat(response.contentType())
                    .as("%s -> %s", request, response.body())
                    .startsWith("application/problem+json");
        }
    }

    /** Inputs the property found to fail once, kept as fixed examples. */
    @Example
    void query_values_that_are_not_utf8_are_400_problems() throws Exception {
        for (String query : new String[] {"status=%80", "cursor=%FF%FE", "connector=%C0%AE", "since=%E2%80"}) {
            RawHttp.Response response = RawHttp.exchange(
                    api.port,
                    "GET /api/v1/admin/tasks?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + userKey,
                    new byte[0]);

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith("application/problem+json");
        }
    }

    private static long jobsOfTheFuzzKey() {
        return DB.queryForObject("SELECT count(*) FROM jobs WHERE client_id = ?", Long.class, userKeyId);
    }

    private static long keys() {
        return DB.queryForObject("SELECT count(*) FROM api_keys", Long.class);
    }

    private static long auditRows() {
        return DB.queryForObject("SELECT count(*) FROM audit_log", Long.class);
    }

    @Provide
    Arbitrary<Request> requests() {
        return Arbitraries.oneOf(submissions(), revocations(), keyCreations(), reads());
    }

    private Arbitrary<Request> submissions() {
        Arbitrary<String> body = Combinators.combine(
                        json(4), Arbitraries.of("", ",\"max_retries\":", ",\"timeout_seconds\":"), leaf())
                .as((params, field, value) -> "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"p\":"
                        + params + "}" + (field.isEmpty() ? "" : field + value) + "}");
        return Combinators.combine(body, idempotencyKey(), authorization())
                .as((json, idem, auth) -> request("POST", "/api/v1/jobs", auth, idem, json));
    }

    private Arbitrary<Request> revocations() {
        return Combinators.combine(leaf(), pathSegment(), authorization())
                .as((reason, id, auth) -> request(
                        "POST",
                        "/api/v1/admin/tasks/" + (id.isEmpty() ? userTask : id) + "/revoke",
                        auth,
                        null,
                        "{\"reason\":" + reason + "}"));
    }

    private Arbitrary<Request> keyCreations() {
        // With the admin key: the point is what the handler does with odd names, not the role check.
        return leaf().map(name -> request(
                "POST",
                "/api/v1/admin/api-keys",
                "Bearer " + dev.connectorjobs.testing.TestInfrastructure.ADMIN_KEY,
                null,
                "{\"name\":" + name + ",\"role\":\"USER\"}"));
    }

    private Arbitrary<Request> reads() {
        Arbitrary<String> path = Combinators.combine(
                        Arbitraries.of(
                                "/api/v1/admin/tasks/%s/status",
                                "/api/v1/admin/tasks%s",
                                "/api/v1/admin/health/circuit-breakers/%s",
                                "/api/v1/admin/api-keys/%s",
                                "/api/%s/connectors",
                                "/actuator/%s",
                                "/%s"),
                        pathSegment())
                .as(String::formatted);
        Arbitrary<String> query = Combinators.combine(
                        Arbitraries.of("status", "connector", "since", "until", "cursor", "limit", "wait"),
                        queryValue())
                .as((name, value) -> "?" + name + "=" + value);
        return Combinators.combine(
                        Arbitraries.of("GET", "DELETE", "POST"),
                        path,
                        Arbitraries.oneOf(Arbitraries.just(""), query),
                        authorization())
                .as((method, p, q, auth) -> request(method, p + q, auth, null, null));
    }

    private static Request request(
            String method, String target, String authorization, String idempotencyKey, String json) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1");
        if (!authorization.isEmpty()) {
            head.append("\r\nAuthorization: ").append(authorization);
        }
        if (idempotencyKey != null) {
            head.append("\r\nIdempotency-Key: ").append(idempotencyKey);
        }
        if (json != null) {
            head.append("\r\nContent-Type: application/json");
        }
        return new Request(head.toString(), json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    private Arbitrary<String> authorization() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just("Bearer " + userKey)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, headerText().map(t -> "Bearer " + t)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("Basic dXNlcjpwYXNz")));
    }

    private Arbitrary<String> idempotencyKey() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just("fuzz-" + UUID.randomUUID()), headerText());
    }

    /** Header values a client can put on the wire: printable Latin-1, tabs, and some non-ASCII. */
    private Arbitrary<String> headerText() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('\t', 'é', 'ÿ')
                .ofMinLength(1)
                .ofMaxLength(80)
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    /** A path segment: empty (the real id), a UUID, text, percent-escapes of any byte, dot segments, parameters. */
    private Arbitrary<String> pathSegment() {
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.just(UUID.randomUUID().toString()),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars('-', '_', ':', '.', '~')
                        .ofMaxLength(40),
                escapedBytes(),
                Arbitraries.of(
                        "..", ".", "%2e%2e", ";x", "a;b=c", "%00", "%FF", "%C0%AE", "%E2%80%AE", "%F0%9F%98%80"));
    }

    /** A query value: text, or percent-escapes of any byte (invalid UTF-8 included). */
    private Arbitrary<String> queryValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars('-', ':', '.', '_')
                        .ofMaxLength(40),
                escapedBytes(),
                Arbitraries.of(
                        "",
                        "%00",
                        "SUCCESS%00",
                        "2026-01-01T00:00:00Z",
                        "99999-01-01T00:00:00Z",
                        "-1",
                        "99999999999999999999",
                        "1e400",
                        "AAAA",
                        "%FF%FE",
                        "MDAwMA",
                        "bm90IGEgdXVpZA"));
    }

    private Arbitrary<String> escapedBytes() {
        return Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofMinSize(1)
                .ofMaxSize(12)
                .map(bytes -> {
                    StringBuilder out = new StringBuilder();
                    bytes.forEach(b -> out.append(String.format("%%%02X", b)));
                    return out.toString();
                });
    }

    /** JSON text that is mostly valid: leaves of every odd kind, objects and arrays, and very deep nesting. */
    private Arbitrary<String> json(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(leafString(), inner)
                .as((k, v) -> k + ":" + v)
                .list()
                .ofMaxSize(3)
                .map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> deep =
                Arbitraries.of(20, 31, 32, 33, 100, 600, 3000).map(n -> "[".repeat(n) + "1" + "]".repeat(n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf()),
                net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object),
                net.jqwik.api.Tuple.of(1, deep));
    }

    private Arbitrary<String> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "true",
                        "false",
                        "0",
                        "-0",
                        "1.5",
                        "1e400",
                        "-1e400",
                        "1e-400",
                        "1E+308",
                        "123456789012345678901234567890",
                        "0.1e-999999999",
                        "9".repeat(1200),
                        "[]",
                        "{}"),
                leafString());
    }

    /** JSON strings: escaped NUL, lone and paired surrogates, controls, other scripts, raw NUL (not JSON). */
    private Arbitrary<String> leafString() {
        Arbitrary<String> odd = Arbitraries.of(
                "\\u0000",
                "a\\u0000b",
                "\\ud800",
                "x\\udc00",
                "\\ud83d\\ude00",
                "\\u001f",
                "\\u202e",
                "\u0000",
                "é𝄞",
                "\\\\",
                "\\\"",
                "..\\/..");
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMaxLength(30)
                .map(s -> s.replace("\\", "\\\\").replace("\"", "\\\""));
        return Combinators.combine(text, odd, Arbitraries.integers().between(0, 2))
                .as((t, o, mode) -> "\""
                        + switch (mode) {
                            case 0 -> t;
                            case 1 -> o;
                            default -> t + o + t;
                        }
                        + "\"");
    }
}
