package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code jira} jobs through the whole system: submitted over HTTP to the api-gateway, published to
 * Kafka, claimed by a worker whose Jira site and Assets API are a WireMock stub, and finished with
 * the right result in PostgreSQL.
 */
class JiraEndToEndTest {

    static final String QUEUE = "jira-e2e";
    static final String WORKSPACE = "f1668d0c-828c-470c-b7d1-8c4f48cd345a";
    static final String AQL_PATH = "/jsm/assets/workspace/" + WORKSPACE + "/v1/object/aql";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer jira;
    static ApiClient client;

    @BeforeAll
    static void start() {
        jira = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.jira=" + QUEUE);
        system.startWorker(
                "jobs.worker.id=e2e-jira",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-jira",
                "jobs.connectors.jira.base-url=" + jira.baseUrl(),
                "jobs.connectors.jira.assets-base-url=" + jira.baseUrl(),
                "jobs.connectors.jira.auth.username=automation@acme.example",
                "jobs.connectors.jira.auth.token=e2e-api-token",
                "jobs.connectors.jira.page-size=50",
                "jobs.http.services.jira.backoff-base=10ms");
    }

    /** One AQL page of Computer objects {@code from..to}, shaped as the Assets API documents it. */
    static String aqlPage(int startAt, Object isLast, int from, int to) {
        List<Map<String, Object>> values = new ArrayList<>();
        IntStream.rangeClosed(from, to)
                .forEach(id -> values.add(Map.of(
                        "workspaceId",
                        WORKSPACE,
                        "globalId",
                        WORKSPACE + ":" + id,
                        "id",
                        Integer.toString(id),
                        "label",
                        "host-" + id,
                        "objectKey",
                        "ITAM-" + id,
                        "objectType",
                        Map.of("id", "23", "name", "Computer"),
                        "created",
                        "2024-01-02T03:04:05.678Z",
                        "updated",
                        "2024-05-06T07:08:09.123Z",
                        "attributes",
                        List.of(Map.of(
                                "id", Integer.toString(id * 100),
                                "objectTypeAttributeId", "140",
                                "objectAttributeValues",
                                        List.of(Map.of("value", "SN-" + id, "displayValue", "SN-" + id)),
                                "objectId", Integer.toString(id))))));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("startAt", startAt);
        page.put("maxResults", 50);
        page.put("total", 120);
        page.put("isLast", isLast);
        page.put("values", values);
        page.put("objectTypeAttributes", List.of(Map.of("id", "140", "name", "Serial Number")));
        return JSON.writeValueAsString(page);
    }

    @Test
    void fetch_assets_submitted_over_http_reads_every_aql_page_and_succeeds_with_the_count() throws Exception {
        jira.stubFor(get(urlPathEqualTo("/rest/servicedeskapi/assets/workspace"))
                .willReturn(okJson(
                        "{\"size\":1,\"start\":0,\"limit\":50,\"isLastPage\":true,\"values\":[{\"workspaceId\":\""
                                + WORKSPACE + "\"}]}")));
        jira.stubFor(post(urlPathEqualTo(AQL_PATH))
                .withQueryParam("startAt", equalTo("0"))
                .willReturn(okJson(aqlPage(0, false, 1, 50))));
        jira.stubFor(post(urlPathEqualTo(AQL_PATH))
                .withQueryParam("startAt", equalTo("50"))
                .willReturn(okJson(aqlPage(50, "false", 51, 100))));
        jira.stubFor(post(urlPathEqualTo(AQL_PATH))
                .withQueryParam("startAt", equalTo("100"))
                .willReturn(okJson(aqlPage(100, "true", 101, 120))));

        String id =
                client.submit("{\"connector\":\"jira\",\"operation\":\"fetch_assets\",\"params\":{\"publish\":true}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(120);
        assertThat(result.get("published").asLong()).isEqualTo(120);
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(result.get("assets")).hasSize(120);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("jira");
        assertThat(first.get("source_id").asString()).isEqualTo("1");
        assertThat(first.get("serial_number").asString()).isEqualTo("SN-1");
        assertThat(status.get("worker_id").asString()).isEqualTo("e2e-jira");
    }

    @Test
    void create_issue_submitted_over_http_creates_one_issue_and_returns_its_key() throws Exception {
        jira.stubFor(
                get(urlPathEqualTo("/rest/api/3/search/jql")).willReturn(okJson("{\"issues\":[],\"isLast\":true}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/3/issue"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"10077\",\"key\":\"OPS-77\",\"self\":\"" + jira.baseUrl()
                                + "/rest/api/3/issue/10077\"}")));

        String id = client.submit(
                "{\"connector\":\"jira\",\"operation\":\"create_issue\",\"params\":{\"project_key\":\"OPS\","
                        + "\"summary\":\"Disk full on host-7\",\"description\":\"The root volume is at 100%.\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.get("result").get("key").asString()).isEqualTo("OPS-77");
        assertThat(status.get("result").get("created").asBoolean()).isTrue();
        jira.verify(
                1,
                postRequestedFor(urlPathEqualTo("/rest/api/3/issue"))
                        .withRequestBody(matchingJsonPath("$.fields.labels[0]", equalTo("cj-" + id)))
                        .withRequestBody(matchingJsonPath(
                                "$.fields.description.content[0].content[0].text",
                                equalTo("The root volume is at 100%."))));
    }
}
