package dev.connectorjobs.worker.connector.splunk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Splunk instance as WireMock answers it, for a test class: the REST API ({@link FakeSplunk}'s
 * search jobs, {@code /services/server/info}) and the HTTP Event Collector ({@link FakeHec}) on one
 * loopback port, their state and stubs reset before each test, and a fresh {@link ConnectorTestbed}
 * for each test.
 */
final class SplunkStub implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final String TOKEN = "eyJraWQiOiJzcGx1bmsuc2VjcmV0IiwiYWxnIjoiSFM1MTIifQ.c3ZjLWpvYnM.c2ln";
    static final String HEC_TOKEN = "8b1c7d4e-2f3a-4b5c-9d6e-7f8a9b0c1d2e";
    static final List<String> INDEXES = List.of("main", "security");
    static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString("svc-jobs:pa55-w0rd!".getBytes(StandardCharsets.UTF_8));

    final FakeSplunk splunk = new FakeSplunk("Bearer " + TOKEN, BASIC);
    final FakeHec hec = new FakeHec(HEC_TOKEN, INDEXES);
    final WireMockServer server = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1")
            .dynamicPort()
            .extensions(splunk, hec));
    private @Nullable ConnectorTestbed testbed;

    ConnectorTestbed testbed() {
        if (testbed == null) {
            throw new IllegalStateException("the testbed exists only while a test runs");
        }
        return testbed;
    }

    /** The connector's properties for this instance: REST with the token, HEC with its token, quick polls. */
    Map<String, String> properties(String... extra) {
        return ConnectorTestbed.with(
                Map.of(
                        "jobs.connectors.splunk.base-url",
                        server.baseUrl(),
                        "jobs.connectors.splunk.hec-url",
                        server.baseUrl(),
                        "jobs.connectors.splunk.auth.token",
                        TOKEN,
                        "jobs.connectors.splunk.auth.hec-token",
                        HEC_TOKEN,
                        "jobs.connectors.splunk.poll-interval",
                        "1ms",
                        "jobs.connectors.splunk.max-poll-interval",
                        "4ms"),
                extra);
    }

    /** A connector made as the worker makes it, with {@link #properties} and {@code extra}. */
    SplunkConnector connector(String... extra) {
        return connector(properties(extra));
    }

    SplunkConnector connector(Map<String, String> properties) {
        return testbed().connector(SplunkConnector::new, SplunkProperties.PREFIX, SplunkProperties.class, properties);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
        splunk.reset();
        hec.reset();
        server.stubFor(any(urlPathMatching("/services/search/jobs.*"))
                .willReturn(aResponse().withTransformers(FakeSplunk.NAME)));
        server.stubFor(
                post(urlPathEqualTo(HecEvents.PATH)).willReturn(aResponse().withTransformers(FakeHec.NAME)));
        server.stubFor(get(urlPathEqualTo("/services/server/info"))
                .willReturn(aResponse().withTransformers(FakeSplunk.NAME)));
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
