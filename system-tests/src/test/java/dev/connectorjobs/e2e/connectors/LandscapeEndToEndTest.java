package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Landscape jobs through the whole system: submitted over HTTP to the api-gateway, carried by Kafka
 * to a worker on its own queue, run by the {@code landscape} connector against a WireMock Landscape
 * (access-key login for a JWT, {@code next} links, the legacy {@code ExecuteScript} and an activity
 * polled until its computers are done), the result and the checkpoint read back from the API.
 */
class LandscapeEndToEndTest {

    static final String QUEUE = "landscape-e2e";
    static final String ACCESS_KEY = "E2E5YX98J8QI9AZ8OS0V";
    static final String SECRET_KEY = "e2e-hg23w9HyOWOA1FMzHmrBaB8a97zafzJOApfF2";
    static final int LIMIT = 40;
    static final int COMPUTERS = 100;
    static final long ACTIVITY = 71_666_947L;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer landscape;
    static ApiClient client;
    static String token;

    @BeforeAll
    static void start() {
        landscape = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.landscape=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(
                "jobs.worker.id=e2e-landscape",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-landscape",
                "jobs.connectors.landscape.base-url=" + landscape.baseUrl(),
                "jobs.connectors.landscape.auth.access-key=" + ACCESS_KEY,
                "jobs.connectors.landscape.auth.secret-key=" + SECRET_KEY,
                "jobs.connectors.landscape.page-size=" + LIMIT,
                "jobs.connectors.landscape.poll-interval=20ms",
                "jobs.connectors.landscape.max-poll-interval=50ms",
                "jobs.http.services.landscape.backoff-base=10ms");
        token = jwt(Instant.now().plusSeconds(86_400));
        landscape.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(json(401, "{\"error\":\"Unauthorized\",\"message\":\"Invalid credentials\"}")));
        landscape.stubFor(post(urlPathEqualTo("/api/v2/login/access-key"))
                .atPriority(5)
                .withRequestBody(
                        equalToJson("{\"access_key\":\"" + ACCESS_KEY + "\",\"secret_key\":\"" + SECRET_KEY + "\"}"))
                .willReturn(json(
                        200,
                        "{\"accounts\":[{\"default\":true,\"name\":\"onward\",\"title\":\"Onward, Inc.\"}],"
                                + "\"current_account\":\"onward\",\"email\":\"ops-bot@example.com\","
                                + "\"name\":\"Ops Bot\",\"token\":\"" + token + "\"}")));
    }

    static String jwt(Instant exp) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(("{\"exp\":" + exp.getEpochSecond() + ",\"sub\":\"ops-bot@example.com\"}")
                        .getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static MappingBuilder authenticated(MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + token)).atPriority(5);
    }

    static String computer(int id) {
        return """
                {"id":%d,"title":"web-%03d","hostname":"web-%03d.internal","last_ping_time":"2026-12-01T10:15:00Z",\
                "tags":["web","prod"],"access_group":"global","distribution":"24.04","children":[],"parent":null,\
                "network_devices":[{"interface":"eth0","ip_address":"10.2.0.%d","mac_address":"00:16:3e:00:00:%02x",\
                "netmask":"255.255.255.0","broadcast_address":"10.2.0.255"}]}""".formatted(id, id, id, id % 250, id % 256);
    }

    static String page(int offset) {
        String results = IntStream.rangeClosed(offset + 1, Math.min(COMPUTERS, offset + LIMIT))
                .mapToObj(LandscapeEndToEndTest::computer)
                .collect(Collectors.joining(","));
        String next = offset + LIMIT < COMPUTERS
                ? "\"" + landscape.baseUrl() + "/api/v2/computers?limit=" + LIMIT + "&offset=" + (offset + LIMIT)
                        + "&with_network=true\""
                : "null";
        return "{\"count\":" + COMPUTERS + ",\"results\":[" + results + "],\"next\":" + next + ",\"previous\":null}";
    }

    static String activity(String status, String... children) {
        String listed = IntStream.range(0, children.length)
                .mapToObj(i -> "{\"id\":" + (ACTIVITY + i + 1) + ",\"computer_id\":" + (i + 1) + ",\"parent_id\":"
                        + ACTIVITY + ",\"type\":\"ExecuteScriptRequest\",\"activity_status\":\"" + children[i]
                        + "\",\"result_code\":" + (children[i].equals("succeeded") ? "0" : "null")
                        + ",\"result_text\":" + (children[i].equals("succeeded") ? "\"active\"" : "null")
                        + ",\"children\":[]}")
                .collect(Collectors.joining(","));
        return "{\"id\":" + ACTIVITY + ",\"type\":\"ActivityGroup\",\"summary\":\"Run script: Restart nginx\","
                + "\"parent_id\":null,\"activity_status\":\"" + status + "\",\"children\":[" + listed + "]}";
    }

    @Test
    void fetch_assets_submitted_over_http_follows_next_and_succeeds_with_every_computer() throws Exception {
        for (int offset = 0; offset < COMPUTERS; offset += LIMIT) {
            landscape.stubFor(authenticated(get(urlPathEqualTo("/api/v2/computers"))
                            .withQueryParam("limit", equalTo(Integer.toString(LIMIT)))
                            .withQueryParam("offset", equalTo(Integer.toString(offset)))
                            .withQueryParam("with_network", equalTo("true")))
                    .willReturn(json(200, page(offset))));
        }

        String id = client.submit("{\"connector\":\"landscape\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(COMPUTERS);
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("landscape");
        assertThat(first.get("source_id").asString()).isEqualTo("1");
        assertThat(first.get("name").asString()).isEqualTo("web-001");
        assertThat(first.get("os_version").asString()).isEqualTo("24.04");
        assertThat(first.get("ip_addresses").get(0).asString()).isEqualTo("10.2.0.1");
        landscape.verify(
                getRequestedFor(urlPathEqualTo("/api/v2/computers")).withHeader("X-Correlation-ID", matching(".+")));
    }

    @Test
    void run_script_submitted_over_http_starts_the_script_once_and_succeeds_when_every_computer_is_done()
            throws Exception {
        landscape.stubFor(authenticated(get(urlPathEqualTo("/api/v2/scripts/30")))
                .willReturn(json(
                        200,
                        "{\"id\":30,\"title\":\"Restart nginx\",\"status\":\"ACTIVE\",\"interpreter\":\"/bin/bash\","
                                + "\"time_limit\":300,\"username\":\"root\",\"is_executable\":true}")));
        landscape.stubFor(authenticated(post(urlPathEqualTo("/api/"))
                        .withFormParam("action", equalTo("ExecuteScript"))
                        .withFormParam("version", equalTo("2011-08-01")))
                .willReturn(json(
                        200,
                        "{\"computer_id\":null,\"creation_time\":\"2026-12-03T08:36:20Z\",\"creator\":{\"email\":"
                                + "\"ops-bot@example.com\",\"id\":3,\"name\":\"Ops Bot\"},\"id\":" + ACTIVITY
                                + ",\"parent_id\":null,\"summary\":\"Run script: Restart nginx\","
                                + "\"type\":\"ActivityGroup\"}")));
        landscape.stubFor(authenticated(get(urlPathEqualTo("/api/v2/activities/" + ACTIVITY)))
                .inScenario("activity")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("delivered")
                .willReturn(json(200, activity("undelivered", "undelivered", "undelivered"))));
        landscape.stubFor(authenticated(get(urlPathEqualTo("/api/v2/activities/" + ACTIVITY)))
                .inScenario("activity")
                .whenScenarioStateIs("delivered")
                .willSetStateTo("done")
                .willReturn(json(200, activity("delivered", "succeeded", "delivered"))));
        landscape.stubFor(authenticated(get(urlPathEqualTo("/api/v2/activities/" + ACTIVITY)))
                .inScenario("activity")
                .whenScenarioStateIs("done")
                .willReturn(json(200, activity("succeeded", "succeeded", "succeeded"))));

        String id = client.submit("{\"connector\":\"landscape\",\"operation\":\"run_script\",\"params\":{"
                + "\"script_id\":30,\"query\":\"tag:web\",\"username\":\"www-data\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("activity_id").asLong()).isEqualTo(ACTIVITY);
        assertThat(result.get("status").asString()).isEqualTo("succeeded");
        assertThat(result.get("computers").asInt()).isEqualTo(2);
        assertThat(result.get("by_status").get("succeeded").asInt()).isEqualTo(2);
        assertThat(status.get("checkpoint").get("activity_id").asLong()).isEqualTo(ACTIVITY);
        landscape.verify(
                1,
                postRequestedFor(urlPathEqualTo("/api/"))
                        .withFormParam("action", equalTo("ExecuteScript"))
                        .withFormParam("query", equalTo("tag:web"))
                        .withFormParam("script_id", equalTo("30"))
                        .withFormParam("username", equalTo("www-data")));
    }
}
