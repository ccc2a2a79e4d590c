package dev.connectorjobs.worker.connector.landscape;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A Landscape server as WireMock stubs, shaped as the REST API v2 and the legacy API answer: the
 * login endpoints and their JWTs, {@code /api/v2/computers} pages linked by an absolute {@code next},
 * scripts, {@code ExecuteScript}, activities with children, {@code GetActivities} and {@code
 * CancelActivities}.
 */
final class LandscapeStub {

    static final String ACCESS_KEY = "3AS5YX98J8QI9AZ8OS0V";
    static final String SECRET_KEY = "avlhg23w9HyOWOA1FMzHmrBaB8a97zafzJOApfF2";
    static final String EMAIL = "ops-bot@example.com";
    static final String PASSWORD = "correct-horse-battery";

    private final WireMockServer service;

    LandscapeStub(WireMockServer service) {
        this.service = service;
    }

    /** The connector's properties for this server, logging in with the stub's access key. */
    Map<String, String> properties(String... extra) {
        return ConnectorTestbed.with(
                ConnectorTestbed.with(
                        Map.of(),
                        "jobs.connectors.landscape.base-url",
                        service.baseUrl(),
                        "jobs.connectors.landscape.auth.access-key",
                        ACCESS_KEY,
                        "jobs.connectors.landscape.auth.secret-key",
                        SECRET_KEY),
                extra);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** A JWT as Landscape signs them (HS256), expiring at {@code exp}; {@code name} tells tokens apart. */
    static String jwt(String name, Instant exp) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = encoder.encodeToString(("{\"exp\":" + exp.getEpochSecond() + ",\"iat\":"
                        + (exp.getEpochSecond() - 86_400) + ",\"sub\":\"" + EMAIL + "\",\"acc\":\"onward\",\"id\":1}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + encoder.encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /api/v2/login/access-key} with the stub's keys. */
    MappingBuilder accessKeyLogin() {
        return post(urlPathEqualTo("/api/v2/login/access-key"))
                .withRequestBody(
                        equalToJson("{\"access_key\":\"" + ACCESS_KEY + "\",\"secret_key\":\"" + SECRET_KEY + "\"}"));
    }

    /** The login answer carrying {@code token}. */
    static ResponseDefinitionBuilder loginAnswer(String token) {
        return json(
                200,
                "{\"accounts\":[{\"default\":true,\"name\":\"onward\",\"title\":\"Onward, Inc.\"}],"
                        + "\"current_account\":\"onward\",\"email\":\"" + EMAIL + "\",\"name\":\"Ops Bot\","
                        + "\"token\":\"" + token + "\"}");
    }

    /** Access-key login answers {@code token}; any other login is refused as Landscape refuses it. */
    void login(String token) {
        service.stubFor(post(urlPathEqualTo("/api/v2/login/access-key"))
                .atPriority(10)
                .willReturn(json(401, "{\"error\":\"Unauthorized\",\"message\":\"Invalid credentials\"}")));
        service.stubFor(accessKeyLogin().atPriority(5).willReturn(loginAnswer(token)));
    }

    RequestPatternBuilder loginRequests() {
        return postRequestedFor(urlPathEqualTo("/api/v2/login/access-key"));
    }

    /** {@code GET /api/v2/computers?limit=&offset=&with_network=true} with {@code token}. */
    MappingBuilder computersPage(String token, int limit, int offset) {
        return authorized(get(urlPathEqualTo("/api/v2/computers")), token)
                .withQueryParam("limit", equalTo(Integer.toString(limit)))
                .withQueryParam("offset", equalTo(Integer.toString(offset)))
                .withQueryParam("with_network", equalTo("true"));
    }

    RequestPatternBuilder computersPageRequest(String token, int offset) {
        return getRequestedFor(urlPathEqualTo("/api/v2/computers"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withQueryParam("offset", equalTo(Integer.toString(offset)));
    }

    /** {@code computers} computers with ids 1.., {@code limit} a page, each page linking the next. */
    void computers(String token, int computers, int limit) {
        for (int offset = 0; offset < computers || offset == 0; offset += limit) {
            StringJoiner results = new StringJoiner(",");
            for (int id = offset + 1; id <= Math.min(computers, offset + limit); id++) {
                results.add(computer(id));
            }
            String next = offset + limit < computers
                    ? "\"" + service.baseUrl() + "/api/v2/computers?limit=" + limit + "&offset=" + (offset + limit)
                            + "&with_network=true\""
                    : "null";
            String previous = offset == 0
                    ? "null"
                    : "\"" + service.baseUrl() + "/api/v2/computers?limit=" + limit + "&offset="
                            + Math.max(0, offset - limit) + "&with_network=true\"";
            service.stubFor(computersPage(token, limit, offset)
                    .willReturn(json(
                            200,
                            "{\"count\":" + computers + ",\"results\":[" + results + "],\"next\":" + next
                                    + ",\"previous\":" + previous + "}")));
        }
    }

    /** Computer {@code id} as {@code with_network=true} lists it. */
    static String computer(int id) {
        return "{\"id\":" + id + ",\"title\":\"Application Server " + id + "\",\"comment\":\"\",\"hostname\":\"appserv"
                + id + "\",\"total_memory\":1024,\"total_swap\":1024,\"reboot_required_flag\":false,"
                + "\"update_manager_prompt\":\"normal\",\"clone_id\":null,\"last_exchange_time\":null,"
                + "\"last_ping_time\":\"2024-02-07T21:21:41Z\",\"tags\":[\"server\",\"webfarm\"],"
                + "\"access_group\":\"server\",\"distribution\":\"22.04\",\"cloud_instance_metadata\":{},"
                + "\"vm_info\":null,\"container_info\":null,\"ubuntu_pro_info\":null,\"is_wsl_instance\":false,"
                + "\"children\":[],\"parent\":null,\"network_devices\":[{\"broadcast_address\":\"10.0.0.255\","
                + "\"interface\":\"eth0\",\"ip_address\":\"10.0.0." + id + "\",\"mac_address\":\"00:1e:c9:6c:b8:"
                + String.format("%02x", id) + "\",\"netmask\":\"255.255.255.0\"},{\"interface\":\"lo\","
                + "\"ip_address\":\"127.0.0.1\",\"mac_address\":\"\",\"netmask\":\"255.0.0.0\"}]}";
    }

    /** {@code GET /api/v2/scripts/{id}} answers a stored script titled {@code title}. */
    void script(String token, long id, String title) {
        service.stubFor(authorized(get(urlPathEqualTo("/api/v2/scripts/" + id)), token)
                .willReturn(json(
                        200,
                        "{\"id\":" + id + ",\"title\":\"" + title + "\",\"version_number\":1,\"status\":\"ACTIVE\","
                                + "\"attachments\":[],\"code\":\"systemctl restart nginx\",\"interpreter\":\"/bin/bash\","
                                + "\"access_group\":\"global\",\"time_limit\":300,\"username\":\"root\","
                                + "\"is_redactable\":true,\"is_editable\":true,\"is_executable\":true}")));
    }

    /** The legacy API's {@code action} with {@code token}. */
    MappingBuilder legacy(String token, String action) {
        return authorized(post(urlPathEqualTo("/api/")), token)
                .withFormParam("action", equalTo(action))
                .withFormParam("version", equalTo("2011-08-01"));
    }

    RequestPatternBuilder legacyRequests(String action) {
        return postRequestedFor(urlPathEqualTo("/api/")).withFormParam("action", equalTo(action));
    }

    /** {@code ExecuteScript} answers the activity group {@code activity}, as created by the stub's identity. */
    static ResponseDefinitionBuilder executed(long activity, String title) {
        return json(
                200,
                "{\"computer_id\":null,\"creation_time\":\"2026-12-03T08:36:20Z\",\"creator\":{\"email\":\"" + EMAIL
                        + "\",\"id\":3,\"name\":\"Ops Bot\"},\"id\":" + activity + ",\"parent_id\":null,"
                        + "\"summary\":\"Run script: " + title + "\",\"type\":\"ActivityGroup\"}");
    }

    /** An activity group with one child per {@code childStatuses}, computers 1.., as {@code GET /api/v2/activities/{id}} shows it. */
    static String activity(long id, String status, String... childStatuses) {
        StringJoiner children = new StringJoiner(",");
        for (int i = 0; i < childStatuses.length; i++) {
            String child = childStatuses[i];
            boolean finished = child.equals("succeeded") || child.equals("failed");
            children.add("{\"id\":" + (id + i + 1) + ",\"computer_id\":" + (i + 1) + ",\"type\":"
                    + "\"ExecuteScriptRequest\",\"summary\":\"Run script: Restart nginx\",\"parent_id\":" + id
                    + ",\"activity_status\":\"" + child + "\",\"result_code\":"
                    + (finished ? child.equals("failed") ? 1 : 0 : "null")
                    + ",\"result_text\":"
                    + (finished ? "\"" + (child.equals("failed") ? "nginx: not found" : "ok") + "\"" : "null")
                    + ",\"children\":[]}");
        }
        return "{\"id\":" + id + ",\"creation_time\":\"2026-12-03T08:36:20Z\",\"creator\":{\"name\":\"Ops Bot\","
                + "\"email\":\"" + EMAIL + "\",\"id\":3},\"type\":\"ActivityGroup\",\"summary\":\"Run script: Restart"
                + " nginx\",\"result_text\":null,\"computer_id\":null,\"parent_id\":null,\"result_code\":null,"
                + "\"activity_status\":\"" + status + "\",\"children\":[" + children + "]}";
    }

    MappingBuilder activityRequest(String token, long id) {
        return authorized(get(urlPathEqualTo("/api/v2/activities/" + id)), token);
    }

    RequestPatternBuilder activityRequests(long id) {
        return getRequestedFor(urlPathEqualTo("/api/v2/activities/" + id));
    }

    static MappingBuilder authorized(MappingBuilder request, String token) {
        return request.withHeader("Authorization", equalTo("Bearer " + token));
    }
}
