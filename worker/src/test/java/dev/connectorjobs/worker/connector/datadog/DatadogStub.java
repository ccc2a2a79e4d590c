package dev.connectorjobs.worker.connector.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.util.Map;

/**
 * A Datadog site as WireMock answers it ({@link FakeDatadog}) on one loopback port. A test class
 * registers {@link #vendor} and calls {@link #install} before each test, which resets the fake's
 * state and its stub.
 */
final class DatadogStub {

    static final String API_KEY = "3f6a1c9e2b7d4a8f9e0c1b2a3d4e5f60";
    static final String APPLICATION_KEY = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

    final FakeDatadog datadog = new FakeDatadog(API_KEY, APPLICATION_KEY);
    final VendorStubExtension vendor = new VendorStubExtension(datadog);
    final WireMockServer server = vendor.server();

    /** The fake with no state, behind a fresh stub. */
    void install() {
        datadog.reset();
        server.stubFor(any(urlPathMatching("/api/v1/.*")).willReturn(aResponse().withTransformers(FakeDatadog.NAME)));
    }

    ConnectorTestbed testbed() {
        return vendor.testbed();
    }

    /** The connector's properties for this site, with both keys. */
    Map<String, String> properties(String... extra) {
        return ConnectorTestbed.with(
                Map.of(
                        "jobs.connectors.datadog.base-url", server.baseUrl(),
                        "jobs.connectors.datadog.auth.api-key", API_KEY,
                        "jobs.connectors.datadog.auth.application-key", APPLICATION_KEY),
                extra);
    }

    DatadogConnector connector(String... extra) {
        return connector(properties(extra));
    }

    DatadogConnector connector(Map<String, String> properties) {
        return testbed()
                .connector(DatadogConnector::new, DatadogProperties.PREFIX, DatadogProperties.class, properties);
    }
}
