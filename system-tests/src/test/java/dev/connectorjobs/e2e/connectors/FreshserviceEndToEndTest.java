package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Freshservice jobs through the whole system: submitted over HTTP to the api-gateway, carried by
 * Kafka to a worker on its own queue, run by the {@code freshservice} connector against a WireMock
 * Freshservice (Basic {@code <api-key>:X}, {@code per_page} pages, a 429 with {@code Retry-After}),
 * the result read back from the API.
 */
class FreshserviceEndToEndTest {

    static final String QUEUE = "freshservice-e2e";
    static final String API_KEY = "e2e-fs-Lq3vW8nZ2kPx";
    static final int PER_PAGE = 50;
    static final int ASSETS = 120;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer freshservice;
    static ApiClient client;

    @BeforeAll
    static void start() {
        freshservice = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.freshservice=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(
                "jobs.worker.id=e2e-freshservice",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-freshservice",
                "jobs.connectors.freshservice.base-url=" + freshservice.baseUrl(),
                "jobs.connectors.freshservice.auth.api-key=" + API_KEY,
                "jobs.connectors.freshservice.page-size=" + PER_PAGE,
                "jobs.http.services.freshservice.backoff-base=10ms");
        freshservice.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(answer(401)
                        .withBody("{\"code\":\"invalid_credentials\",\"message\":\"You have to be logged in to"
                                + " perform this action.\"}")));
    }

    static ResponseDefinitionBuilder answer(int status) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Total", "100")
                .withHeader("X-RateLimit-Remaining", "90");
    }

    static MappingBuilder authenticated(MappingBuilder request) {
        return request.withBasicAuth(API_KEY, "X").atPriority(5);
    }

    static MappingBuilder assetsPage(int page) {
        return authenticated(get(urlPathEqualTo("/api/v2/assets"))
                .withQueryParam("include", equalTo("type_fields"))
                .withQueryParam("per_page", equalTo(Integer.toString(PER_PAGE)))
                .withQueryParam("page", equalTo(Integer.toString(page))));
    }

    static String asset(int n) {
        return """
                {"id":%d,"display_id":%d,"name":"srv-%03d","asset_type_id":21000855272,"asset_tag":"ASSET-%d",\
                "updated_at":"2024-03-01T10:15:00Z","type_fields":{"serial_number_21000855267":"SN-%05d",\
                "os_21000855272":"Ubuntu","os_version_21000855272":"22.04","computer_ip_address_21000855272":\
                "10.1.0.%d"}}""".formatted(21_000_300_000L + n, n, n, n, n, n % 250);
    }

    static ResponseDefinitionBuilder page(int page) {
        int first = (page - 1) * PER_PAGE + 1;
        int last = Math.min(ASSETS, page * PER_PAGE);
        String assets = first > last
                ? ""
                : IntStream.rangeClosed(first, last)
                        .mapToObj(FreshserviceEndToEndTest::asset)
                        .collect(Collectors.joining(","));
        ResponseDefinitionBuilder answer = answer(200).withBody("{\"assets\":[" + assets + "]}");
        if (last < ASSETS) {
            answer.withHeader(
                    "link", "<" + freshservice.baseUrl() + "/api/v2/assets?page=" + (page + 1) + ">; rel=\"next\"");
        }
        return answer;
    }

    @Test
    void fetch_assets_submitted_over_http_reads_every_page_despite_a_429_and_succeeds_with_the_count()
            throws Exception {
        for (int page = 1; page <= 4; page++) {
            freshservice.stubFor(assetsPage(page).willReturn(page(page)));
        }
        freshservice.stubFor(assetsPage(2)
                .atPriority(1)
                .inScenario("plan limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("next minute")
                .willReturn(answer(429).withHeader("X-RateLimit-Remaining", "0").withHeader("Retry-After", "1")));

        String id = client.submit("{\"connector\":\"freshservice\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(ASSETS);
        assertThat(result.get("assets").size()).isEqualTo(ASSETS);
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("freshservice");
        assertThat(first.get("source_id").asString()).isEqualTo("21000300001");
        assertThat(first.get("serial_number").asString()).isEqualTo("SN-00001");
        assertThat(first.get("ip_addresses").get(0).asString()).isEqualTo("10.1.0.1");
        freshservice.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("2")));
        freshservice.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("3")));
        freshservice.verify(getRequestedFor(urlPathEqualTo("/api/v2/assets"))
                .withHeader("X-Correlation-ID", matching(".+"))
                .withHeader(
                        "Authorization",
                        equalTo("Basic "
                                + Base64.getEncoder()
                                        .encodeToString((API_KEY + ":X").getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void create_ticket_submitted_over_http_opens_one_ticket_tagged_with_the_job() throws Exception {
        freshservice.stubFor(authenticated(get(urlPathEqualTo("/api/v2/tickets/filter"))
                        .withQueryParam("query", matching("\"tag:'cj-[0-9a-z]+'\"")))
                .willReturn(answer(200).withBody("{\"tickets\":[],\"total\":0}")));
        freshservice.stubFor(authenticated(post(urlPathEqualTo("/api/v2/tickets")))
                .willReturn(answer(201)
                        .withBody("{\"ticket\":{\"id\":5120,\"subject\":\"Backup failed\",\"status\":2,"
                                + "\"priority\":4,\"source\":2,\"requester_id\":21000418006,\"tags\":[]}}")));

        String id = client.submit("{\"connector\":\"freshservice\",\"operation\":\"create_ticket\",\"params\":{"
                + "\"email\":\"ops@acme.example\",\"subject\":\"Backup failed\","
                + "\"description\":\"<p>nightly backup of db-2 failed</p>\",\"priority\":4}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.get("result").get("id").asLong()).isEqualTo(5120);
        assertThat(status.get("result").get("created").asBoolean()).isTrue();
        freshservice.verify(
                1,
                postRequestedFor(urlPathEqualTo("/api/v2/tickets"))
                        .withRequestBody(matchingJsonPath("$.email", equalTo("ops@acme.example")))
                        .withRequestBody(matchingJsonPath("$.priority", equalTo("4")))
                        .withRequestBody(matchingJsonPath("$.status", equalTo("2")))
                        .withRequestBody(matchingJsonPath("$.tags[0]", matching("cj-[0-9a-z]{1,25}"))));
    }
}
