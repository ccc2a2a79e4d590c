package dev.connectorjobs.worker.connector.splunk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Splunk instance as WireMock answers it: the REST API ({@link FakeSplunk}'s search jobs, {@code
 * /services/server/info}) and the HTTP Event Collector ({@link FakeHec}) on one loopback port. A test
 * class registers {@link #vendor} and calls {@link #install} before each test, which resets the fakes'
 * state and their stubs.
 */
final class SplunkStub {

    static final String TOKEN = "eyJraWQiOiJzcGx1bmsuc2VjcmV0IiwiYWxnIjoiSFM1MTIifQ.c3ZjLWpvYnM.c2ln";
    static final String HEC_TOKEN = "8b1c7d4e-2f3a-4b5c-9d6e-7f8a9b0c1d2e";
    static final List<String> INDEXES = List.of("main", "security");
    static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString("svc-jobs:pa55-w0rd!".getBytes(StandardCharsets.UTF_8));

    final FakeSplunk splunk = new FakeSplunk("Bearer " + TOKEN, BASIC);
    final FakeHec hec = new FakeHec(HEC_TOKEN, INDEXES);
    final VendorStubExtension vendor = new VendorStubExtension(splunk, hec);
    final WireMockServer server = vendor.server();

    /** The fakes with no state, behind fresh stubs. */
    void install() {
        splunk.reset();
        hec.reset();
        server.stubFor(any(urlPathMatching("/services/search/jobs.*"))
                .willReturn(aResponse().withTransformers(FakeSplunk.NAME)));
        server.stubFor(
                post(urlPathEqualTo(HecEvents.PATH)).willReturn(aResponse().withTransformers(FakeHec.NAME)));
        server.stubFor(get(urlPathEqualTo("/services/server/info"))
                .willReturn(aResponse().withTransformers(FakeSplunk.NAME)));
    }

    ConnectorTestbed testbed() {
        return vendor.testbed();
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
}
