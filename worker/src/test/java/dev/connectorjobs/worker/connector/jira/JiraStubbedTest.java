package dev.connectorjobs.worker.connector.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.http.HttpProperties;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WireMock server that stands in for a Jira Cloud site and the Assets REST API (both on one
 * port), HTTP clients and breakers as in production but with millisecond backoffs, and connectors
 * configured against them. Stubs answer with the documented paths, bodies and headers.
 */
abstract class JiraStubbedTest {

    static final String EMAIL = "automation@acme.example";
    static final String API_TOKEN = "ATATT3xFfGF0-s3cr3t-api-token";
    static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString((EMAIL + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
    static final String AQL_PATH = "/jsm/assets/workspace/" + AssetsPages.WORKSPACE + "/v1/object/aql";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static WireMockServer jira;

    final SettableClock clock = SettableClock.atNow();
    final BreakerRegistry breakers = Breakers.registry(clock, Map.of());
    final ServiceHttpClients clients = clients();
    final List<NormalizedAsset> published = new ArrayList<>();

    @BeforeAll
    static void startJira() {
        jira = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        jira.start();
    }

    @AfterAll
    static void stopJira() {
        jira.stop();
    }

    @BeforeEach
    void resetJira() {
        jira.resetAll();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /** HTTP clients as configured in production, but with millisecond backoffs. */
    private ServiceHttpClients clients() {
        HttpProperties http = new Binder(
                        new MapConfigurationPropertySource(Map.of("jobs.http.defaults.backoff-base", "5ms")))
                .bindOrCreate("jobs.http", Bindable.of(HttpProperties.class));
        return new ServiceHttpClients(http, breakers, clock);
    }

    /** A connector whose site and Assets API are the stub, with Basic credentials and {@code extra} settings. */
    JiraConnector connector(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jobs.connectors.jira.base-url", jira.baseUrl());
        properties.put("jobs.connectors.jira.assets-base-url", jira.baseUrl());
        properties.put("jobs.connectors.jira.auth.username", EMAIL);
        properties.put("jobs.connectors.jira.auth.token", API_TOKEN);
        properties.putAll(extra);
        properties.values().removeIf(String::isEmpty);
        AssetSink sink = new AssetSink() {
            @Override
            public void publish(NormalizedAsset asset) {
                published.add(asset);
            }

            @Override
            public void flush() {}
        };
        return new JiraConnector(
                JiraPropertiesTest.bind(properties), new InventoryProperties(500), clients, sink, JSON, clock);
    }

    /** A connector with a known workspace and two objects per page. */
    JiraConnector connector() {
        return connector(Map.of(
                "jobs.connectors.jira.workspace-id", AssetsPages.WORKSPACE, "jobs.connectors.jira.page-size", "2"));
    }

    static MappingBuilder aqlPage(int startAt) {
        return post(urlPathEqualTo(AQL_PATH))
                .withQueryParam("startAt", equalTo(Integer.toString(startAt)))
                .withHeader("Authorization", equalTo(BASIC));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(body);
    }

    static List<LoggedRequest> received() {
        return jira.findAll(anyRequestedFor(anyUrl()));
    }

    static List<String> aqlStarts() {
        return jira.findAll(postRequestedFor(urlPathEqualTo(AQL_PATH))).stream()
                .map(r -> r.queryParameter("startAt").firstValue())
                .toList();
    }

    @SuppressWarnings("unchecked")
    static List<NormalizedAsset> assets(Object result) {
        return (List<NormalizedAsset>) ((Map<String, Object>) result).get("assets");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object result) {
        return (Map<String, Object>) result;
    }

    static String workspaces(String... ids) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (String id : ids) {
            values.add(Map.of("workspaceId", id));
        }
        return JSON.writeValueAsString(Map.of(
                "size",
                ids.length,
                "start",
                0,
                "limit",
                50,
                "isLastPage",
                true,
                "_links",
                Map.of("base", jira.baseUrl(), "context", ""),
                "values",
                values));
    }
}
