package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Datadog jobs through the whole system: submitted over HTTP to the api-gateway, carried by Kafka to
 * a worker on its own queue, run by the {@code datadog} connector against a WireMock Datadog site:
 * hosts paged with {@code start}/{@code count}, a rate limit in the middle answered 429 with {@code
 * X-RateLimit-Reset} and no {@code Retry-After}, and an event posted with the API key alone. The
 * worker's HTTP client does not retry on its own ({@code max-retries=0}), so the stub's one 429
 * reaches the connector, which waits the reset out.
 */
class DatadogEndToEndTest {

    static final String QUEUE = "datadog-e2e";
    static final String API_KEY = "e2e1c9e2b7d4a8f9e0c1b2a3d4e5f601";
    static final String APPLICATION_KEY = "e2e7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9";
    static final int COUNT = 40;
    static final int HOSTS = 100;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer datadog;
    static ApiClient client;

    @BeforeAll
    static void start() {
        datadog = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.datadog=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(
                "jobs.worker.id=e2e-datadog",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-datadog",
                "jobs.connectors.datadog.base-url=" + datadog.baseUrl(),
                "jobs.connectors.datadog.auth.api-key=" + API_KEY,
                "jobs.connectors.datadog.auth.application-key=" + APPLICATION_KEY,
                "jobs.connectors.datadog.page-size=" + COUNT,
                "jobs.http.services.datadog.max-retries=0");
        datadog.stubFor(any(anyUrl()).atPriority(10).willReturn(json(403, "{\"errors\":[\"Forbidden\"]}")));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static MappingBuilder reads(MappingBuilder request) {
        return request.withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", equalTo(APPLICATION_KEY))
                .atPriority(5);
    }

    static String host(int n) {
        return """
                {"name":"app-%03d.eu.internal","id":%d,"aliases":["app-%03d.eu.internal"],"apps":["agent"],\
                "host_name":"app-%03d.eu.internal","is_muted":false,"last_reported_time":%d,"meta":{"platform":"linux",\
                "agent_version":"7.61.0","nixV":["debian","12.8",""]},"sources":["agent"],\
                "tags_by_source":{"Users":["env:prod"]},"up":true}""".formatted(n, 5_000 + n, n, n, 1_767_261_600L + n);
    }

    static String page(int start) {
        String hosts = IntStream.range(start, Math.min(HOSTS, start + COUNT))
                .mapToObj(i -> host(i + 1))
                .collect(Collectors.joining(","));
        int returned = Math.min(HOSTS, start + COUNT) - start;
        return "{\"host_list\":[" + hosts + "],\"total_matching\":" + HOSTS + ",\"total_returned\":" + returned + "}";
    }

    static MappingBuilder hostsPage(int start) {
        return reads(get(urlPathEqualTo("/api/v1/hosts")))
                .withQueryParam("start", equalTo(Integer.toString(start)))
                .withQueryParam("count", equalTo(Integer.toString(COUNT)));
    }

    @Test
    void fetch_assets_submitted_over_http_waits_out_a_rate_limit_by_its_reset_header_and_succeeds_with_every_host()
            throws Exception {
        datadog.stubFor(hostsPage(0).willReturn(json(200, page(0))));
        datadog.stubFor(hostsPage(COUNT)
                .inScenario("rate limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("reset")
                .willReturn(json(429, "{\"errors\":[\"Rate limit of 2 requests in 10 seconds reached.\"]}")
                        .withHeader("X-RateLimit-Limit", "2")
                        .withHeader("X-RateLimit-Period", "10")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", "2")
                        .withHeader("X-RateLimit-Name", "hosts_list")));
        datadog.stubFor(hostsPage(COUNT)
                .inScenario("rate limit")
                .whenScenarioStateIs("reset")
                .willReturn(json(200, page(COUNT))));
        datadog.stubFor(hostsPage(2 * COUNT).willReturn(json(200, page(2 * COUNT))));

        String id = client.submit("{\"connector\":\"datadog\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(HOSTS);
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("datadog");
        assertThat(first.get("source_id").asString()).isEqualTo("app-001.eu.internal");
        assertThat(first.get("os_version").asString()).isEqualTo("debian 12.8");
        List<LoggedRequest> second = datadog
                .findAll(getRequestedFor(urlPathEqualTo("/api/v1/hosts"))
                        .withQueryParam("start", equalTo(Integer.toString(COUNT))))
                .stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
        assertThat(second).hasSize(2);
        assertThat(second.get(1).getLoggedDate().getTime()
                        - second.get(0).getLoggedDate().getTime())
                .as("milliseconds between the 429 and the request sent again")
                .isGreaterThanOrEqualTo(1999);
        assertThat(status.get("attempts")).hasSize(1);
    }

    @Test
    void post_event_submitted_over_http_posts_the_event_with_the_api_key_alone() throws Exception {
        datadog.stubFor(post(urlPathEqualTo("/api/v1/events"))
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", absent())
                .atPriority(5)
                .willReturn(json(
                        202,
                        "{\"status\":\"ok\",\"event\":{\"id\":6458711234567890123,\"id_str\":\"6458711234567890123\","
                                + "\"title\":\"Patch window\",\"url\":"
                                + "\"https://app.datadoghq.eu/event/event?id=6458711234567890123\"}}")));

        String id = client.submit("{\"connector\":\"datadog\",\"operation\":\"post_event\",\"params\":{"
                + "\"title\":\"Patch window\",\"text\":\"Patching 42 hosts\",\"tags\":[\"env:prod\"],"
                + "\"alert_type\":\"info\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.at("/result/event_id").asString()).isEqualTo("6458711234567890123");
        datadog.verify(postRequestedFor(urlPathEqualTo("/api/v1/events"))
                .withRequestBody(equalToJson("{\"title\":\"Patch window\",\"text\":\"Patching 42 hosts\","
                        + "\"tags\":[\"env:prod\"],\"alert_type\":\"info\",\"aggregation_key\":\"" + id + "\"}")));
    }
}
