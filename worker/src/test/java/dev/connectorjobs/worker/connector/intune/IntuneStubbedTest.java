package dev.connectorjobs.worker.connector.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.intune.IntuneDevices.PATH;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    ConnectorTestbed testbed;
    GraphStub graph;

    @BeforeEach
    void reset() {
        graph = new GraphStub(service, GRAPH, "/v1.0");
        testbed = vendor.testbed();
    }

    IntuneConnector connector(String... extra) {
        return unconfigured(ConnectorTestbed.with(
                ConnectorTestbed.with(graph.properties(PREFIX), PREFIX + ".page-size", Integer.toString(PAGE)), extra));
    }

    IntuneConnector unconfigured(Map<String, String> properties) {
        return testbed.connector(IntuneConnector::new, PREFIX, IntuneProperties.class, properties);
    }

    static Map<String, Object> run(IntuneConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    static List<NormalizedAsset> assets(Map<String, Object> result) {
        return ConnectorTestbed.assets(result);
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
