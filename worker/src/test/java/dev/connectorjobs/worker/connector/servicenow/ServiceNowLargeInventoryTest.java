package dev.connectorjobs.worker.connector.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.HeapMeasurement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 50,000 CIs, 50 pages of 1,000 generated on the fly, read with bounded memory: a measurement
 * (printed as {@code MEASURE ...}, never asserted on) and a check that the result holds only
 * {@code max-result-assets} of them. The stub runs in the same JVM, so the peak heap includes the
 * pages it generates; its request journal is off so that it keeps none of them.
 */
class ServiceNowLargeInventoryTest {

    static final int CIS = 50_000;

    private final FakeCmdb cmdb = new FakeCmdb().reset(CIS);
    private WireMockServer instance;
    private Testbed testbed;

    @BeforeEach
    void start() {
        instance = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal()
                .extensions(cmdb));
        instance.start();
        instance.stubFor(get(urlPathEqualTo("/api/now/table/cmdb_ci"))
                .willReturn(aResponse().withTransformers(FakeCmdb.NAME)));
        testbed = new Testbed();
    }

    @AfterEach
    void stop() {
        testbed.close();
        instance.stop();
    }

    @Test
    void fifty_thousand_cis_are_read_page_by_page_and_the_result_keeps_only_max_result_assets() {
        ServiceNowConnector connector = testbed.basic(instance.baseUrl());
        AtomicLong progressReports = new AtomicLong();
        Map<String, Object> result = HeapMeasurement.measure(
                "servicenow " + CIS + " CIs",
                () -> ServiceNowFetchAssetsContractTest.asMap(connector.execute(
                        aJob("servicenow", "fetch_assets").onProgress(count -> progressReports.incrementAndGet()))));
        assertThat(result)
                .containsEntry("count", (long) CIS)
                .containsEntry("pages", 50)
                .containsEntry("truncated", true);
        List<NormalizedAsset> assets = ServiceNowFetchAssetsContractTest.assets(result);
        assertThat(assets).hasSize(500);
        assertThat(assets.getLast().sourceId()).isEqualTo(FakeCmdb.sysId(499));
        assertThat(progressReports).hasValue(50);
    }
}
