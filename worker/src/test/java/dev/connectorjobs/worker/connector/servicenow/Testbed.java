package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.http.HttpProperties;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@link ServiceNowConnector} needs outside a worker, wired as the worker wires it: the
 * resilient HTTP clients with the real breakers on a settable clock (tiny backoffs, so retries take
 * milliseconds), and a sink that records what was published. Close it after each test.
 */
final class Testbed implements AutoCloseable {

    static final String USER = "integration.user";
    static final String PASSWORD = "pa55-w0rd-never-logged";
    static final String CLIENT_ID = "3f1a7c0e2b9d4e6f8a1b2c3d4e5f6a7b";
    static final String CLIENT_SECRET = "cl13nt-s3cr3t-never-logged";

    final SettableClock clock = SettableClock.atNow();
    final BreakerRegistry breakers = Breakers.registry(clock, Map.of());
    final List<NormalizedAsset> published = new CopyOnWriteArrayList<>();
    final JsonMapper mapper = JsonMapper.builder().build();
    private final ServiceHttpClients clients;

    Testbed() {
        Map<String, String> http = new LinkedHashMap<>();
        http.put("jobs.http.defaults.backoff-base", "5ms");
        http.put("jobs.http.defaults.response-timeout", "15s");
        clients = new ServiceHttpClients(
                new Binder(new MapConfigurationPropertySource(http))
                        .bindOrCreate("jobs.http", Bindable.of(HttpProperties.class)),
                breakers,
                clock);
    }

    /** The {@code servicenow} breaker. */
    ServiceBreaker breaker() {
        return breakers.get("servicenow");
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
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return new ServiceNowConnector(
                bind(properties),
                binder.bindOrCreate("jobs.inventory", Bindable.of(InventoryProperties.class)),
                sink(),
                clients,
                mapper,
                clock);
    }

    /** Binds {@code jobs.connectors.servicenow.*} from {@code properties} as the worker does. */
    static ServiceNowProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(ServiceNowProperties.PREFIX, Bindable.of(ServiceNowProperties.class));
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

    private AssetSink sink() {
        return new AssetSink() {
            @Override
            public void publish(NormalizedAsset asset) {
                published.add(asset);
            }

            @Override
            public void flush() {}
        };
    }

    @Override
    public void close() {
        clients.close();
    }
}
