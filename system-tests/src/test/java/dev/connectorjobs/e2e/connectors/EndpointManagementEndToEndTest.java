package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Jamf Pro and Configuration Manager jobs through the whole system, sharing one system start:
 * submitted over HTTP to the api-gateway, carried by Kafka to a worker on its own queue, run by the
 * {@code jamf} connector against a WireMock Jamf Pro (an API client's token, computer pages from 0
 * up to {@code totalCount} sorted by id, a 429 with {@code Retry-After}) and by the {@code sccm}
 * connector against a WireMock AdminService behind a Basic-authenticating proxy ({@code $top}/{@code
 * $skip} pages, a client notification), the results read back from the API.
 */
class EndpointManagementEndToEndTest {

    static final String QUEUE = "endpoint-e2e";
    static final String CLIENT_ID = "e2e-jamf-client";
    static final String CLIENT_SECRET = "e2e-jamf-secret-Vb7Qw2";
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.e2e-jamf";
    static final int JAMF_PAGE = 100;
    static final int COMPUTERS = 250;
    static final String CM_USER = "CORP\\svc-e2e";
    static final String CM_PASSWORD = "e2e-cm-password-Rt5y";
    static final int CM_PAGE = 50;
    static final int SYSTEMS = 120;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer jamf;
    static WireMockServer sccm;
    static ApiClient client;

    @BeforeAll
    static void start() {
        jamf = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        sccm = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.jamf=" + QUEUE,
                "jobs.api.routes.sccm=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(
                "jobs.worker.id=e2e-endpoint",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-endpoint",
                "jobs.connectors.jamf.base-url=" + jamf.baseUrl(),
                "jobs.connectors.jamf.auth.client-id=" + CLIENT_ID,
                "jobs.connectors.jamf.auth.client-secret=" + CLIENT_SECRET,
                "jobs.connectors.sccm.base-url=" + sccm.baseUrl(),
                "jobs.connectors.sccm.auth.username=" + CM_USER,
                "jobs.connectors.sccm.auth.password=" + CM_PASSWORD,
                "jobs.connectors.sccm.page-size=" + CM_PAGE,
                "jobs.http.defaults.backoff-base=10ms");
        jamf.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(json(
                        401,
                        "{\"httpStatus\":401,\"errors\":[{\"code\":\"INVALID_TOKEN\","
                                + "\"description\":\"Unauthorized\",\"id\":\"0\",\"field\":null}]}")));
        jamf.stubFor(post(urlPathEqualTo("/api/oauth/token"))
                .atPriority(5)
                .withFormParam("grant_type", equalTo("client_credentials"))
                .withFormParam("client_id", equalTo(CLIENT_ID))
                .withFormParam("client_secret", equalTo(CLIENT_SECRET))
                .willReturn(json(
                        200,
                        "{\"access_token\":\"" + TOKEN + "\",\"scope\":\"api-role:3\",\"token_type\":\"Bearer\","
                                + "\"expires_in\":1799}")));
        sccm.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(
                        aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"AdminService\"")));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(body);
    }

    static MappingBuilder computersPage(int page) {
        return get(urlPathEqualTo("/api/v1/computers-inventory"))
                .atPriority(5)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("section", havingExactly("GENERAL", "HARDWARE", "OPERATING_SYSTEM"))
                .withQueryParam("page", equalTo(Integer.toString(page)))
                .withQueryParam("page-size", equalTo(Integer.toString(JAMF_PAGE)))
                .withQueryParam("sort", equalTo("id:asc"));
    }

    static String computer(int n) {
        return """
                {"id":"%d","udid":"7A1B2C3D-0000-4000-8000-%012d","general":{"name":"mac-%04d",\
                "lastIpAddress":"10.8.0.%d","platform":"Mac","lastContactTime":"2026-12-02T09:00:00Z",\
                "managementId":"e2e-%d"},"hardware":{"model":"Mac mini (2024)","serialNumber":"E2EJ%06d"},\
                "operatingSystem":{"name":"macOS","version":"15.2","build":"24C101"}}""".formatted(n, n, n, n % 250, n, n);
    }

    static String computersPageBody(int page) {
        String results = IntStream.rangeClosed(page * JAMF_PAGE + 1, Math.min(COMPUTERS, (page + 1) * JAMF_PAGE))
                .mapToObj(EndpointManagementEndToEndTest::computer)
                .collect(Collectors.joining(","));
        return "{\"totalCount\":" + COMPUTERS + ",\"results\":[" + results + "]}";
    }

    static MappingBuilder systemsPage(int skip) {
        return get(urlPathEqualTo("/AdminService/wmi/SMS_R_System"))
                .atPriority(5)
                .withBasicAuth(CM_USER, CM_PASSWORD)
                .withQueryParam("$select", matching("ResourceId,Name,.*"))
                .withQueryParam("$top", equalTo(Integer.toString(CM_PAGE)))
                .withQueryParam("$skip", equalTo(Integer.toString(skip)));
    }

    static String systemsPageBody(int skip) {
        String value = IntStream.rangeClosed(skip + 1, Math.min(SYSTEMS, skip + CM_PAGE))
                .mapToObj(n -> """
                        {"ResourceId":%d,"Name":"WS-%04d","OperatingSystemNameandVersion":\
                        "Microsoft Windows NT Workstation 10.0","Build":"10.0.26100","Client":1,\
                        "LastLogonUserName":"user%d","IPAddresses":["10.9.0.%d"]}""".formatted(16_777_300 + n, n, n, n % 250))
                .collect(Collectors.joining(","));
        return "{\"@odata.context\":\"" + sccm.baseUrl() + "/AdminService/wmi/$metadata#SMS_R_System\",\"value\":["
                + value + "]}";
    }

    @Test
    void jamf_fetch_assets_submitted_over_http_reads_every_page_despite_a_429_and_succeeds_with_the_count()
            throws Exception {
        for (int page = 0; page < 3; page++) {
            jamf.stubFor(computersPage(page).willReturn(json(200, computersPageBody(page))));
        }
        jamf.stubFor(computersPage(1)
                .atPriority(1)
                .inScenario("rate limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("later")
                .willReturn(json(429, "{\"httpStatus\":429,\"errors\":[]}").withHeader("Retry-After", "1")));

        String id = client.submit("{\"connector\":\"jamf\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(COMPUTERS);
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        assertThat(result.get("truncated").asBoolean()).isFalse();
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("jamf");
        assertThat(first.get("source_id").asString()).isEqualTo("1");
        assertThat(first.get("serial_number").asString()).isEqualTo("E2EJ000001");
        assertThat(first.get("os_version").asString()).isEqualTo("15.2");
        jamf.verify(
                2,
                getRequestedFor(urlPathEqualTo("/api/v1/computers-inventory")).withQueryParam("page", equalTo("1")));
        jamf.verify(1, postRequestedFor(urlPathEqualTo("/api/oauth/token")));
    }

    @Test
    void jamf_redeploy_framework_submitted_over_http_returns_the_queued_command() throws Exception {
        jamf.stubFor(post(urlPathEqualTo("/api/v1/jamf-management-framework/redeploy/17"))
                .atPriority(5)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(
                        json(200, "{\"deviceId\":\"17\",\"commandUuid\":\"3f9e1d2c-5b4a-4c3d-8e7f-6a5b4c3d2e1f\"}")));

        String id = client.submit("{\"connector\":\"jamf\",\"operation\":\"redeploy_framework\","
                + "\"params\":{\"computer_id\":\"17\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.get("result").get("command_uuid").asString())
                .isEqualTo("3f9e1d2c-5b4a-4c3d-8e7f-6a5b4c3d2e1f");
    }

    @Test
    void sccm_fetch_assets_submitted_over_http_pages_with_top_and_skip_and_succeeds_with_the_count() throws Exception {
        for (int skip = 0; skip < SYSTEMS; skip += CM_PAGE) {
            sccm.stubFor(systemsPage(skip).willReturn(json(200, systemsPageBody(skip))));
        }

        String id = client.submit("{\"connector\":\"sccm\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(SYSTEMS);
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("sccm");
        assertThat(first.get("source_id").asString()).isEqualTo("16777301");
        assertThat(first.get("name").asString()).isEqualTo("WS-0001");
        assertThat(first.get("ip_addresses").get(0).asString()).isEqualTo("10.9.0.1");
        sccm.verify(
                1,
                getRequestedFor(urlPathEqualTo("/AdminService/wmi/SMS_R_System"))
                        .withQueryParam("$skip", equalTo("100")));
    }

    @Test
    void sccm_run_client_operation_submitted_over_http_notifies_the_collection_once() throws Exception {
        sccm.stubFor(post(urlPathEqualTo("/AdminService/wmi/SMS_ClientOperation.InitiateClientOperation"))
                .atPriority(5)
                .withBasicAuth(CM_USER, CM_PASSWORD)
                .willReturn(json(200, "{\"OperationID\":16777401,\"ReturnValue\":0}")));

        String id = client.submit("{\"connector\":\"sccm\",\"operation\":\"run_client_operation\","
                + "\"params\":{\"collection_id\":\"PS100021\",\"action\":\"hardware_inventory\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.get("result").get("operation_id").asLong()).isEqualTo(16777401L);
        sccm.verify(
                1,
                postRequestedFor(urlPathEqualTo("/AdminService/wmi/SMS_ClientOperation.InitiateClientOperation"))
                        .withRequestBody(equalToJson("{\"Type\":12,\"TargetCollectionID\":\"PS100021\"}")));
    }
}
