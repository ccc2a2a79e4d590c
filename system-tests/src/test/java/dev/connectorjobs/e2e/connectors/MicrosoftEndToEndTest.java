package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The Microsoft connectors' jobs through the whole system: submitted over HTTP to the api-gateway,
 * carried by Kafka to a worker on its own queue, run by {@code intune}, {@code entra_id} and {@code
 * defender} against one WireMock that answers as the identity platform's token endpoint
 * (client credentials, a token per scope), Microsoft Graph v1.0 ({@code @odata.nextLink} pages with
 * opaque skip tokens, a 429 with {@code Retry-After}, delta queries) and the Defender API do; the
 * result read back from the API.
 */
class MicrosoftEndToEndTest {

    static final String QUEUE = "microsoft-e2e";
    static final String TENANT = "8f0e3c2a-5b1d-4e7f-9a6c-2d4b8e1f3a5c";
    static final String CLIENT_ID = "3b9d6f1e-7a2c-4e8b-b5d0-9c1f2e3a4b5d";
    static final String CLIENT_SECRET = "e2e~Qx8kT2.vN5_pR7-hL3zW9mC4";
    static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
    static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";
    static final String DEFENDER_SCOPE = "https://api.securitycenter.microsoft.com/.default";
    static final String GRAPH_TOKEN = "eyJ0eXAiOiJKV1Qi.graph";
    static final String DEFENDER_TOKEN = "eyJ0eXAiOiJKV1Qi.defender";
    static final String JSON = "application/json; odata.metadata=minimal; charset=utf-8";
    static final String DEVICES = "/v1.0/deviceManagement/managedDevices";

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer microsoft;
    static ApiClient client;

    @BeforeAll
    static void start() {
        microsoft = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.intune=" + QUEUE,
                "jobs.api.routes.entra_id=" + QUEUE,
                "jobs.api.routes.defender=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        String graph = microsoft.baseUrl() + "/v1.0";
        String tokenUrl = microsoft.baseUrl() + TOKEN_PATH;
        system.startWorker(
                "jobs.worker.id=e2e-microsoft",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-microsoft",
                "jobs.connectors.intune.base-url=" + graph,
                "jobs.connectors.intune.auth.tenant-id=" + TENANT,
                "jobs.connectors.intune.auth.client-id=" + CLIENT_ID,
                "jobs.connectors.intune.auth.client-secret=" + CLIENT_SECRET,
                "jobs.connectors.intune.auth.token-url=" + tokenUrl,
                "jobs.connectors.intune.page-size=2",
                "jobs.connectors.entra-id.base-url=" + graph,
                "jobs.connectors.entra-id.auth.tenant-id=" + TENANT,
                "jobs.connectors.entra-id.auth.client-id=" + CLIENT_ID,
                "jobs.connectors.entra-id.auth.client-secret=" + CLIENT_SECRET,
                "jobs.connectors.entra-id.auth.token-url=" + tokenUrl,
                "jobs.connectors.defender.base-url=" + microsoft.baseUrl(),
                "jobs.connectors.defender.auth.tenant-id=" + TENANT,
                "jobs.connectors.defender.auth.client-id=" + CLIENT_ID,
                "jobs.connectors.defender.auth.client-secret=" + CLIENT_SECRET,
                "jobs.connectors.defender.auth.token-url=" + tokenUrl,
                "jobs.http.services.intune.backoff-base=10ms",
                "jobs.http.services.entra_id.backoff-base=10ms",
                "jobs.http.services.defender.backoff-base=10ms");
        microsoft.stubFor(any(anyUrl()).atPriority(10).willReturn(graphError(401, "InvalidAuthenticationToken")));
        microsoft.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .atPriority(9)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                                + " secret provided.\",\"error_codes\":[7000215]}")));
        microsoft.stubFor(tokenRequest(GRAPH_SCOPE).willReturn(token(GRAPH_TOKEN)));
        microsoft.stubFor(tokenRequest(DEFENDER_SCOPE).willReturn(token(DEFENDER_TOKEN)));
    }

    static MappingBuilder tokenRequest(String scope) {
        return post(urlPathEqualTo(TOKEN_PATH))
                .atPriority(5)
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=" + CLIENT_ID))
                .withRequestBody(
                        containing("client_secret=" + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8)))
                .withRequestBody(containing("scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)));
    }

    static ResponseDefinitionBuilder token(String token) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
                        + token + "\"}");
    }

    static ResponseDefinitionBuilder graphError(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", JSON)
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + code + "\"}}");
    }

    static MappingBuilder with(String token, MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + token)).atPriority(5);
    }

    static ResponseDefinitionBuilder page(List<String> items, String link, String linkField) {
        String body = "{\"@odata.context\":\"" + microsoft.baseUrl() + "/v1.0/$metadata\",\"value\":["
                + String.join(",", items) + "]" + (link == null ? "" : ",\"" + linkField + "\":\"" + link + "\"")
                + "}";
        return aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body);
    }

    static String device(int n) {
        return """
                {"id":"%08x-6c1e-4b7a-9d2f-%012x","deviceName":"DESKTOP-%03d","operatingSystem":"Windows",\
                "osVersion":"10.0.22631.4460","serialNumber":"5CG%07d","lastSyncDateTime":"2026-11-30T08:00:00Z",\
                "azureADDeviceId":"%08x-2f4e-4a1b-8c3d-%012x","complianceState":"compliant"}""".formatted(n, n, n, n, n, n);
    }

    static String user(int n) {
        return """
                {"id":"%08x-1d2c-4b3a-8e9f-%012x","displayName":"User %d","userPrincipalName":\
                "user%d@contoso.onmicrosoft.com","mail":"user%d@contoso.com","accountEnabled":true}""".formatted(n, n, n, n, n);
    }

    static List<String> range(int first, int last, java.util.function.IntFunction<String> item) {
        return IntStream.rangeClosed(first, last).mapToObj(item).collect(Collectors.toList());
    }

    @Test
    void intune_fetch_assets_submitted_over_http_follows_next_links_despite_a_429_and_succeeds() throws Exception {
        String next = microsoft.baseUrl() + DEVICES + "?$select=id,deviceName&$top=2&$skiptoken=RFNwdAIAAQAAACM6Mg";
        microsoft.stubFor(with(GRAPH_TOKEN, get(urlPathEqualTo(DEVICES)))
                .withQueryParam("$top", equalTo("2"))
                .withQueryParam("$skiptoken", absent())
                .willReturn(page(range(1, 2, MicrosoftEndToEndTest::device), next, "@odata.nextLink")));
        MappingBuilder second = with(GRAPH_TOKEN, get(urlPathEqualTo(DEVICES)))
                .withQueryParam("$skiptoken", equalTo("RFNwdAIAAQAAACM6Mg"));
        microsoft.stubFor(second.willReturn(page(range(3, 3, MicrosoftEndToEndTest::device), null, null)));
        microsoft.stubFor(with(GRAPH_TOKEN, get(urlPathEqualTo(DEVICES)))
                .withQueryParam("$skiptoken", equalTo("RFNwdAIAAQAAACM6Mg"))
                .atPriority(1)
                .inScenario("graph throttling")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(graphError(429, "TooManyRequests").withHeader("Retry-After", "1")));

        String id = client.submit("{\"connector\":\"intune\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(3);
        assertThat(result.get("pages").asInt()).isEqualTo(2);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("intune");
        assertThat(first.get("source_id").asString()).isEqualTo("00000001-6c1e-4b7a-9d2f-000000000001");
        assertThat(first.get("serial_number").asString()).isEqualTo("5CG0000001");
        assertThat(first.get("last_seen").asString()).isEqualTo("2026-11-30T08:00:00Z");
        microsoft.verify(
                2,
                getRequestedFor(urlPathEqualTo(DEVICES)).withQueryParam("$skiptoken", equalTo("RFNwdAIAAQAAACM6Mg")));
        microsoft.verify(getRequestedFor(urlPathEqualTo(DEVICES)).withHeader("X-Correlation-ID", matching(".+")));
    }

    @Test
    void entra_id_fetch_users_incremental_returns_a_delta_link_that_a_second_job_follows() throws Exception {
        String delta = microsoft.baseUrl() + "/v1.0/users/delta?$deltatoken=Rm9yc3REZWx0YQ";
        String next = microsoft.baseUrl() + "/v1.0/users/delta?$skiptoken=UGFnZTI";
        microsoft.stubFor(with(GRAPH_TOKEN, get(urlPathEqualTo("/v1.0/users/delta")))
                .withQueryParam("$select", matching("id,displayName,userPrincipalName,.*"))
                .withQueryParam("$skiptoken", absent())
                .withQueryParam("$deltatoken", absent())
                .willReturn(page(range(1, 2, MicrosoftEndToEndTest::user), next, "@odata.nextLink")));
        microsoft.stubFor(with(GRAPH_TOKEN, get(urlPathEqualTo("/v1.0/users/delta")))
                .withQueryParam("$skiptoken", equalTo("UGFnZTI"))
                .willReturn(page(range(3, 3, MicrosoftEndToEndTest::user), delta, "@odata.deltaLink")));
        String later = microsoft.baseUrl() + "/v1.0/users/delta?$deltatoken=U2Vjb25k";
        microsoft.stubFor(with(GRAPH_TOKEN, get(urlPathEqualTo("/v1.0/users/delta")))
                .withQueryParam("$deltatoken", equalTo("Rm9yc3REZWx0YQ"))
                .willReturn(page(
                        List.of(
                                "{\"id\":\"00000002-1d2c-4b3a-8e9f-000000000002\",\"@removed\":{\"reason\":\"deleted\"}}"),
                        later,
                        "@odata.deltaLink")));

        JsonNode full = client.awaitTerminal(client.submit(
                "{\"connector\":\"entra_id\",\"operation\":\"fetch_users\",\"params\":{\"incremental\":true}}"));
        assertThat(full.get("status").asString()).as(full.toString()).isEqualTo("SUCCESS");
        assertThat(full.get("result").get("count").asLong()).isEqualTo(3);
        assertThat(full.get("result").get("delta_link").asString()).isEqualTo(delta);
        assertThat(full.get("result")
                        .get("assets")
                        .get(0)
                        .get("attributes")
                        .get("kind")
                        .asString())
                .isEqualTo("user");

        JsonNode changes = client.awaitTerminal(
                client.submit("{\"connector\":\"entra_id\",\"operation\":\"fetch_users\",\"params\":{\"delta_link\":\""
                        + delta + "\"}}"));
        assertThat(changes.get("status").asString()).as(changes.toString()).isEqualTo("SUCCESS");
        assertThat(changes.get("result").get("delta_link").asString()).isEqualTo(later);
        JsonNode removed = changes.get("result").get("assets").get(0).get("attributes");
        assertThat(removed.get("removed").asBoolean()).isTrue();
    }

    @Test
    void defender_tag_machine_submitted_over_http_adds_the_tag_with_a_defender_token() throws Exception {
        String machine = "1e5bc9d7e413ddd7902c2932e418702b84d0cc07";
        microsoft.stubFor(with(DEFENDER_TOKEN, post(urlPathEqualTo("/api/machines/" + machine + "/tags")))
                .withRequestBody(equalToJson("{\"Value\":\"isolation-review\",\"Action\":\"Add\"}"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON)
                        .withBody("{\"id\":\"" + machine + "\",\"computerDnsName\":\"ws-007.contoso.local\","
                                + "\"osPlatform\":\"Windows11\",\"healthStatus\":\"Active\","
                                + "\"machineTags\":[\"ring-1\",\"isolation-review\"]}")));

        String id = client.submit("{\"connector\":\"defender\",\"operation\":\"tag_machine\",\"params\":{"
                + "\"machine_id\":\"" + machine + "\",\"tag\":\"isolation-review\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("action").asString()).isEqualTo("Add");
        assertThat(result.get("machine_tags").get(1).asString()).isEqualTo("isolation-review");
        microsoft.verify(
                1,
                postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                        .withRequestBody(
                                containing("scope=" + URLEncoder.encode(DEFENDER_SCOPE, StandardCharsets.UTF_8))));
    }
}
