package dev.connectorjobs.worker.connector.jamf;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.CLIENT_ID;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.CLIENT_SECRET;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.PASSWORD;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.USERNAME;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the {@code jamf} contract tests share: a WireMock Jamf Pro ({@link JamfStub}) started once per
 * class, a fresh {@link ConnectorTestbed} per test, and the connector configured for the stub as an
 * API client or as a user account.
 */
abstract class JamfContractBase {

    static final int SIZE = 3;
    static final String PREFIX = "jobs.connectors.jamf.";

    static WireMockServer service;

    ConnectorTestbed testbed;
    JamfStub stub;

    @BeforeAll
    static void start() {
        service = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @BeforeEach
    void reset() {
        service.resetAll();
        testbed = new ConnectorTestbed();
        stub = new JamfStub(service);
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    /** The connector for the stub, as the API client, plus {@code extra} properties (name, value...). */
    JamfConnector connector(String... extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "base-url", service.baseUrl());
        properties.put(PREFIX + "auth.client-id", CLIENT_ID);
        properties.put(PREFIX + "auth.client-secret", CLIENT_SECRET);
        properties.put(PREFIX + "page-size", Integer.toString(SIZE));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put(PREFIX + extra[i], extra[i + 1]);
        }
        return new JamfConnector(
                ConnectorTestbed.bind("jobs.connectors.jamf", JamfProperties.class, properties),
                testbed.clients(),
                testbed.mapper,
                testbed.clock,
                testbed.inventory(),
                testbed.sink());
    }

    /** The connector for the stub as the user account. */
    JamfConnector userConnector() {
        return connector(
                "auth.client-id", "", "auth.client-secret", "", "auth.username", USERNAME, "auth.password", PASSWORD);
    }

    static Map<String, Object> run(JamfConnector connector, String operation) {
        return run(connector, aJob("jamf", operation).param("publish", true));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(JamfConnector connector, FakeJobContext job) {
        return (Map<String, Object>) Objects.requireNonNull(connector.execute(job));
    }

    int computerPageRequests() {
        return service.findAll(getRequestedFor(urlPathEqualTo(JamfConnector.COMPUTERS)))
                .size();
    }
}
