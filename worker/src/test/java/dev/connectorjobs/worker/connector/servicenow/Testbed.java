package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ServiceNowConnector} needs outside a worker, wired as the worker wires it: the
 * resilient HTTP clients with the real breakers on a settable clock (tiny backoffs, so retries take
 * milliseconds), and a sink that records what was published (all of it a {@link ConnectorTestbed}),
 * plus the ServiceNow credentials and property sets the tests use. Close it after each test.
 */
final class Testbed implements AutoCloseable {

    static final String USER = "integration.user";
    static final String PASSWORD = "pa55-w0rd-never-logged";
    static final String CLIENT_ID = "3f1a7c0e2b9d4e6f8a1b2c3d4e5f6a7b";
    static final String CLIENT_SECRET = "cl13nt-s3cr3t-never-logged";

    private final ConnectorTestbed base = new ConnectorTestbed();
    final SettableClock clock = base.clock;
    final List<NormalizedAsset> published = base.published;

    /** The {@code servicenow} breaker. */
    ServiceBreaker breaker() {
        return base.breaker("servicenow");
    }

    /** A connector for the instance at {@code baseUrl} with Basic credentials, plus {@code extra} properties. */
    ServiceNowConnector basic(String baseUrl, String... extra) {
        return connector(properties(baseUrl, "auth.username", USER, "auth.password", PASSWORD, extra));
    }

    /** A connector for the instance at {@code baseUrl} with OAuth (password grant), plus {@code extra} properties. */
    ServiceNowConnector oauth(String baseUrl, String... extra) {
        Map<String, String> properties =
                properties(baseUrl, "auth.client-id", CLIENT_ID, "auth.client-secret", CLIENT_SECRET, extra);
        properties.put(ServiceNowProperties.PREFIX + ".auth.username", USER);
        properties.put(ServiceNowProperties.PREFIX + ".auth.password", PASSWORD);
        return connector(properties);
    }

    /** A connector configured by {@code properties} ({@code jobs.*} names). */
    ServiceNowConnector connector(Map<String, String> properties) {
        return new ServiceNowConnector(
                bind(properties),
                ConnectorTestbed.bind("jobs.inventory", InventoryProperties.class, properties),
                base.sink(),
                base.clients(),
                base.mapper,
                clock);
    }

    /** Binds {@code jobs.connectors.servicenow.*} from {@code properties} as the worker does. */
    static ServiceNowProperties bind(Map<String, String> properties) {
        return ConnectorTestbed.bind(ServiceNowProperties.PREFIX, ServiceNowProperties.class, properties);
    }

    private static Map<String, String> properties(
            String baseUrl, String key1, String value1, String key2, String value2, String... extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ServiceNowProperties.PREFIX + ".base-url", baseUrl);
        properties.put(ServiceNowProperties.PREFIX + "." + key1, value1);
        properties.put(ServiceNowProperties.PREFIX + "." + key2, value2);
        for (String pair : extra) {
            String[] nameValue = pair.split("=", 2);
            properties.put(nameValue[0], nameValue[1]);
        }
        return properties;
    }

    @Override
    public void close() {
        base.close();
    }
}
