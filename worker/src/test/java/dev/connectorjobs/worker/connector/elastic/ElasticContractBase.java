package dev.connectorjobs.worker.connector.elastic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the {@code elastic} contract tests share: one {@link FakeElasticsearch} behind WireMock for
 * the class (answering every request at low priority, so a test's own stubs win), a fresh {@link
 * ConnectorTestbed} per test, and the connector configured for it with an API key.
 */
abstract class ElasticContractBase {

    static final String PREFIX = "jobs.connectors.elastic.";

    /** An API key's encoded value, base64 of {@code id:api_key}, as Kibana shows it. */
    static final String API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

    static final FakeElasticsearch cluster = new FakeElasticsearch();
    static WireMockServer service;

    ConnectorTestbed testbed;

    @BeforeAll
    static void start() {
        service = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(cluster));
        service.start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @BeforeEach
    void reset() {
        service.resetAll();
        cluster.reset("ApiKey " + API_KEY);
        service.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(FakeElasticsearch.NAME)));
        testbed = new ConnectorTestbed();
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    /**
     * The connector for the fake with the API key and small pages and waits, plus {@code extra}
     * properties (name below {@value #PREFIX}, value...; a null value unsets one).
     */
    ElasticConnector connector(String... extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "base-url", service.baseUrl());
        properties.put(PREFIX + "auth.api-key", API_KEY);
        properties.put(PREFIX + "page-size", "4");
        properties.put(PREFIX + "bulk-retry-backoff", "1ms");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put(PREFIX + extra[i], extra[i + 1]);
        }
        properties.values().removeIf(value -> value == null);
        return new ElasticConnector(
                ConnectorTestbed.bind("jobs.connectors.elastic", ElasticProperties.class, properties),
                testbed.clients(),
                testbed.mapper,
                testbed.clock);
    }

    static FakeJobContext job(String operation) {
        return aJob("elastic", operation);
    }

    static Map<String, Object> run(ElasticConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    static ConnectorException failure(ElasticConnector connector, FakeJobContext job) {
        return catchThrowableOfType(ConnectorException.class, () -> connector.execute(job));
    }
}
