package dev.connectorjobs.worker.connector.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Datadog site as WireMock answers it ({@link FakeDatadog}) for a test class, on one loopback port,
 * its state and stubs reset before each test, and a fresh {@link ConnectorTestbed} for each test.
 */
final class DatadogStub implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final String API_KEY = "3f6a1c9e2b7d4a8f9e0c1b2a3d4e5f60";
    static final String APPLICATION_KEY = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

    final FakeDatadog datadog = new FakeDatadog(API_KEY, APPLICATION_KEY);
    final WireMockServer server = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1")
            .dynamicPort()
            .extensions(datadog));
    private @Nullable ConnectorTestbed testbed;

    ConnectorTestbed testbed() {
        if (testbed == null) {
            throw new IllegalStateException("the testbed exists only while a test runs");
        }
        return testbed;
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

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
        datadog.reset();
        server.stubFor(any(urlPathMatching("/api/v1/.*")).willReturn(aResponse().withTransformers(FakeDatadog.NAME)));
        testbed = new ConnectorTestbed();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (testbed != null) {
            testbed.close();
            testbed = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }
}
