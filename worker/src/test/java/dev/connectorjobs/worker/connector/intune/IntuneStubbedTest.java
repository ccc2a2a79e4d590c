package dev.connectorjobs.worker.connector.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.intune.IntuneDevices.PATH;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A WireMock server that answers as the identity platform's token endpoint and Graph v1.0 do (see
 * {@link GraphStub}), HTTP clients and breakers as in production but with millisecond backoffs, and
 * {@code intune} connectors configured against them, {@value #PAGE} devices a page.
 */
abstract class IntuneStubbedTest {

    static final String PREFIX = "jobs.connectors.intune";
    static final String GRAPH = "https://graph.microsoft.com/.default";
    static final int PAGE = 3;
    static final String FIRST_QUERY = "$select=" + String.join(",", ManagedDeviceNormalizer.SELECT) + "&$top=" + PAGE;

    static WireMockServer service;

    ConnectorTestbed testbed;
    GraphStub graph;

    @BeforeAll
    static void startService() {
        service = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterAll
    static void stopService() {
        service.stop();
    }

    @BeforeEach
    void reset() {
        service.resetAll();
        graph = new GraphStub(service, GRAPH, "/v1.0");
        testbed = new ConnectorTestbed();
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    IntuneConnector connector(String... extra) {
        Map<String, String> properties = new LinkedHashMap<>(graph.properties(PREFIX));
        properties.put(PREFIX + ".page-size", Integer.toString(PAGE));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put(extra[i], extra[i + 1]);
        }
        return unconfigured(properties);
    }

    IntuneConnector unconfigured(Map<String, String> properties) {
        return new IntuneConnector(
                ConnectorTestbed.bind(PREFIX, IntuneProperties.class, properties),
                testbed.clients(),
                testbed.mapper,
                testbed.clock,
                testbed.inventory(),
                testbed.sink());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(IntuneConnector connector, FakeJobContext job) {
        return (Map<String, Object>) connector.execute(job);
    }

    @SuppressWarnings("unchecked")
    static List<NormalizedAsset> assets(Map<String, Object> result) {
        return (List<NormalizedAsset>) result.get("assets");
    }

    static List<String> ids(Map<String, Object> result) {
        return assets(result).stream().map(NormalizedAsset::sourceId).toList();
    }

    static List<String> idsOf(int first, int last) {
        return LongStream.rangeClosed(first, last).mapToObj(IntuneDevices::id).toList();
    }

    void devices(int count) {
        graph.list(PATH, FIRST_QUERY, count, PAGE, IntuneDevices::device, null);
    }

    static int pageRequests(int page) {
        return service.findAll(getRequestedFor(urlPathEqualTo("/v1.0" + PATH))
                        .withQueryParam("$skiptoken", equalTo(GraphStub.skipToken(PATH, page))))
                .size();
    }
}
