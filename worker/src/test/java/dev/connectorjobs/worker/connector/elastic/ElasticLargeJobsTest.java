package dev.connectorjobs.worker.connector.elastic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.HeapMeasurement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The largest jobs the catalogue allows, measured (printed as {@code MEASURE ...}, never asserted
 * on): a search of {@value SiemConnectors#MAX_SEARCH_RESULTS} hits in pages of 1,000, and a {@code
 * bulk_index} of {@value SiemConnectors#MAX_BULK_DOCUMENTS} documents in chunks of 1,000. The fake
 * cluster runs in the same JVM and keeps what it indexed, so the peak heap includes it; the request
 * journal is off so that WireMock keeps no bodies.
 */
class ElasticLargeJobsTest {

    static final String KEY = "bGFyZ2Utam9iczprZXk=";

    private final FakeElasticsearch cluster = new FakeElasticsearch();
    private WireMockServer service;
    private ConnectorTestbed testbed;

    @BeforeEach
    void start() {
        service = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal()
                .extensions(cluster));
        service.start();
        cluster.reset("ApiKey " + KEY);
        service.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(FakeElasticsearch.NAME)));
        testbed = new ConnectorTestbed();
    }

    @AfterEach
    void stop() {
        testbed.close();
        service.stop();
    }

    private ElasticConnector connector(String... extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jobs.connectors.elastic.base-url", service.baseUrl());
        properties.put("jobs.connectors.elastic.auth.api-key", KEY);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put("jobs.connectors.elastic." + extra[i], extra[i + 1]);
        }
        return new ElasticConnector(
                ConnectorTestbed.bind("jobs.connectors.elastic", ElasticProperties.class, properties),
                testbed.clients(),
                testbed.mapper,
                testbed.clock);
    }

    @Test
    void ten_thousand_hits_are_read_in_ten_pages_through_one_point_in_time() {
        cluster.index("logs-auth", 25_000);
        ElasticConnector connector = connector("max-result-bytes", "8388608");

        Map<String, Object> result = HeapMeasurement.measure(
                "elastic search " + SiemConnectors.MAX_SEARCH_RESULTS + " hits",
                () -> ConnectorTestbed.run(
                        connector,
                        aJob("elastic", "search")
                                .param("index", "logs-auth")
                                .param("query", Map.of("match_all", Map.of()))
                                .param("max_results", SiemConnectors.MAX_SEARCH_RESULTS)));

        assertThat(result)
                .containsEntry("count", SiemConnectors.MAX_SEARCH_RESULTS)
                .containsEntry("pages", 10)
                .containsEntry("truncated", true);
        assertThat(cluster.keepAlives()).hasSize(1);
        assertThat(cluster.openPits()).isZero();
    }

    @Test
    void ten_thousand_documents_are_indexed_in_chunks_of_a_thousand() {
        List<Map<String, Object>> documents = documents(SiemConnectors.MAX_BULK_DOCUMENTS);
        ElasticConnector connector = connector();

        Map<String, Object> result = HeapMeasurement.measure(
                "elastic bulk_index " + SiemConnectors.MAX_BULK_DOCUMENTS + " documents",
                () -> ConnectorTestbed.run(
                        connector,
                        aJob("elastic", "bulk_index")
                                .param("index", "siem-events")
                                .param("documents", documents)));

        assertThat(result)
                .containsEntry("indexed", (long) SiemConnectors.MAX_BULK_DOCUMENTS)
                .containsEntry("failed", 0L)
                .containsEntry("chunks", 10);
        assertThat(cluster.count("siem-events")).isEqualTo(SiemConnectors.MAX_BULK_DOCUMENTS);
    }

    /** Generated documents, each about 300 bytes as JSON. */
    private static List<Map<String, Object>> documents(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Map.<String, Object>of(
                        "_id",
                        "e-" + i,
                        "@timestamp",
                        "2026-12-01T10:15:00Z",
                        "event",
                        Map.of("action", "logon-failed", "outcome", "failure", "category", "authentication"),
                        "host",
                        Map.of("name", "web-" + (i % 40), "ip", "10.2.0." + (i % 250)),
                        "user",
                        Map.of("name", "svc-" + (i % 97)),
                        "message",
                        "An account failed to log on; attempt " + i + " from a remote workstation"))
                .toList();
    }
}
