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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code servicenow} jobs through the whole system: submitted over HTTP to the api-gateway, routed
 * to their own queue on Kafka, run by a worker against a WireMock instance that pages with {@code
 * Link} headers like the Table API, finished in PostgreSQL with {@code SUCCESS} and the right counts.
 */
class ServiceNowEndToEndTest {

    static final String QUEUE = "servicenow-e2e";
    static final String CMDB = "/api/now/table/cmdb_ci";
    static final String INCIDENTS = "/api/now/table/incident";
    static final int CIS = 5;
    static final int PAGE_SIZE = 2;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer instance;
    static ApiClient client;

    @BeforeAll
    static void start() {
        instance = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stubCmdb();
        client = system.startApi(
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.servicenow=" + QUEUE);
        system.startWorker(
                "jobs.worker.id=e2e-servicenow",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-servicenow",
                "jobs.connectors.servicenow.base-url=" + instance.baseUrl(),
                "jobs.connectors.servicenow.auth.username=e2e.integration",
                "jobs.connectors.servicenow.auth.password=e2e-pa55word",
                "jobs.connectors.servicenow.page-size=" + PAGE_SIZE);
    }

    /** Five CIs in pages of two, each page with the Link header and X-Total-Count the instance sends. */
    static void stubCmdb() {
        for (int offset = 0; offset < CIS; offset += PAGE_SIZE) {
            List<String> records = new ArrayList<>();
            for (int i = offset; i < Math.min(CIS, offset + PAGE_SIZE); i++) {
                records.add("{\"sys_id\":\"" + sysId(i) + "\",\"name\":\"srv-" + i + "\",\"serial_number\":\"SN" + i
                        + "\",\"ip_address\":\"10.1.0." + i + "\",\"sys_updated_on\":\"2024-03-01 08:15:0" + i + "\"}");
            }
            List<String> links = new ArrayList<>();
            links.add(link(0, "first"));
            if (offset > 0) {
                links.add(link(offset - PAGE_SIZE, "prev"));
            }
            if (offset + PAGE_SIZE < CIS) {
                links.add(link(offset + PAGE_SIZE, "next"));
            }
            links.add(link((CIS - 1) / PAGE_SIZE * PAGE_SIZE, "last"));
            instance.stubFor(get(urlPathEqualTo(CMDB))
                    .withQueryParam("sysparm_offset", equalTo(Integer.toString(offset)))
                    .withQueryParam("sysparm_query", equalTo("ORDERBYsys_id"))
                    .withBasicAuth("e2e.integration", "e2e-pa55word")
                    .willReturn(okJson("{\"result\":[" + String.join(",", records) + "]}")
                            .withHeader("X-Total-Count", Integer.toString(CIS))
                            .withHeader("Link", String.join(",", links))));
        }
    }

    static String link(int offset, String rel) {
        return "<" + instance.baseUrl() + CMDB + "?sysparm_query=ORDERBYsys_id&sysparm_limit=" + PAGE_SIZE
                + "&sysparm_offset=" + offset + ">;rel=\"" + rel + "\"";
    }

    static String sysId(int i) {
        return "a0c8f3e2db1c4110b1e5d2f3a4b5c6d" + i;
    }

    @Test
    void fetch_assets_submitted_over_http_reads_every_page_and_succeeds_with_the_count() throws Exception {
        String id = client.submit(
                "{\"connector\":\"servicenow\",\"operation\":\"fetch_assets\",\"params\":{\"publish\":true}}");

        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.get("queue").asString()).isEqualTo(QUEUE);
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(CIS);
        assertThat(result.get("published").asLong()).isEqualTo(CIS);
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        assertThat(result.get("truncated").asBoolean()).isFalse();
        List<String> sourceIds = new ArrayList<>();
        result.get("assets")
                .forEach(asset -> sourceIds.add(asset.get("source_id").asString()));
        assertThat(sourceIds).containsExactly(sysId(0), sysId(1), sysId(2), sysId(3), sysId(4));
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("servicenow");
        assertThat(first.get("ip_addresses").get(0).asString()).isEqualTo("10.1.0.0");
        assertThat(first.get("serial_number").asString()).isEqualTo("SN0");
        assertThat(status.toString()).doesNotContain("e2e-pa55word");
    }

    @Test
    void create_incident_submitted_over_http_opens_one_incident_tagged_with_the_job() throws Exception {
        instance.stubFor(get(urlPathEqualTo(INCIDENTS)).willReturn(okJson("{\"result\":[]}")));
        instance.stubFor(post(urlPathEqualTo(INCIDENTS))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withHeader("Location", instance.baseUrl() + INCIDENTS + "/e2e0000000000000000000000000001")
                        .withBody("{\"result\":{\"sys_id\":\"e2e0000000000000000000000000001\","
                                + "\"number\":\"INC0012345\"}}")));

        String id = client.submit("{\"connector\":\"servicenow\",\"operation\":\"create_incident\",\"params\":"
                + "{\"short_description\":\"Backup failed on srv-3\",\"urgency\":2}}");

        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("number").asString()).isEqualTo("INC0012345");
        assertThat(result.get("created").asBoolean()).isTrue();
        instance.verify(
                1,
                postRequestedFor(urlPathEqualTo(INCIDENTS))
                        .withRequestBody(matchingJsonPath("$.correlation_id", equalTo("cj:" + id)))
                        .withRequestBody(matchingJsonPath("$.urgency", equalTo("2"))));
    }
}
