package dev.connectorjobs.worker.connector.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.HeapMeasurement;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 50,000 managed devices, 50 pages of 1,000 generated on the fly and chained by opaque {@code
 * $skiptoken} next links, read with bounded memory: a measurement (printed as {@code MEASURE ...},
 * never asserted on) and a check that the result holds only {@code max-result-assets} of them. The
 * stub runs in the same JVM, so the peak heap includes the pages it generates; its request journal
 * is off so that it keeps none of them. Mirrors {@code ServiceNowLargeInventoryTest}.
 */
class IntuneLargeInventoryTest {

    static final int DEVICES = 50_000;
    static final int PAGE = 1_000;

    private WireMockServer instance;
    private ConnectorTestbed testbed;
    private GraphStub graph;

    @BeforeEach
    void start() {
        instance = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal()
                .extensions(new FakeManagedDevices(DEVICES)));
        instance.start();
        graph = new GraphStub(instance, "https://graph.microsoft.com/.default", "/v1.0");
        instance.stubFor(GraphStub.authenticated(get(urlPathEqualTo("/v1.0" + IntuneDevices.PATH)))
                .willReturn(aResponse().withTransformers(FakeManagedDevices.NAME)));
        testbed = new ConnectorTestbed();
    }

    @AfterEach
    void stop() {
        testbed.close();
        instance.stop();
    }

    @Test
    void fifty_thousand_devices_are_read_page_by_page_and_the_result_keeps_only_max_result_assets() {
        IntuneConnector connector = testbed.connector(
                IntuneConnector::new,
                "jobs.connectors.intune",
                IntuneProperties.class,
                ConnectorTestbed.with(
                        graph.properties("jobs.connectors.intune"),
                        "jobs.connectors.intune.page-size",
                        Integer.toString(PAGE)));
        AtomicLong progressReports = new AtomicLong();
        Map<String, Object> result = HeapMeasurement.measure(
                "intune " + DEVICES + " devices",
                () -> IntuneStubbedTest.run(
                        connector,
                        aJob("intune", "fetch_assets").onProgress(count -> progressReports.incrementAndGet())));
        assertThat(result)
                .containsEntry("count", (long) DEVICES)
                .containsEntry("pages", DEVICES / PAGE)
                .containsEntry("truncated", true);
        List<NormalizedAsset> assets = IntuneStubbedTest.assets(result);
        assertThat(assets).hasSize(500);
        assertThat(assets.getLast().sourceId()).isEqualTo(IntuneDevices.id(500));
        assertThat(progressReports).hasValue(DEVICES / PAGE);
    }
}
