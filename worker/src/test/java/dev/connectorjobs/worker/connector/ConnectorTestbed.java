package dev.connectorjobs.worker.connector;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.http.HttpProperties;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a connector needs outside a worker, wired as the worker wires it, for contract tests against
 * a stubbed vendor: the resilient HTTP clients with the real breakers on a settable clock (tiny
 * backoffs, so retries take milliseconds), properties bound from {@code jobs.*} names as Spring
 * binds them, and a sink that records what was published. Close it after each test.
 */
public final class ConnectorTestbed implements AutoCloseable {

    public final SettableClock clock = SettableClock.atNow();
    public final BreakerRegistry breakers = Breakers.registry(clock, Map.of());
    public final List<NormalizedAsset> published = new CopyOnWriteArrayList<>();
    public final JsonMapper mapper = JsonMapper.builder().build();
    private final Map<String, String> http = new LinkedHashMap<>();
    private ServiceHttpClients clients;

    public ConnectorTestbed() {
        http.put("jobs.http.defaults.backoff-base", "5ms");
        http.put("jobs.http.defaults.response-timeout", "15s");
        clients = clients();
    }

    /** The HTTP clients, one per service. */
    public ServiceHttpClients clients() {
        if (clients == null) {
            clients = new ServiceHttpClients(bind("jobs.http", HttpProperties.class, http), breakers, clock);
        }
        return clients;
    }

    /** Replaces the HTTP clients with ones that also have {@code jobs.http.*} {@code settings} (name, value...). */
    public ServiceHttpClients clients(String... settings) {
        clients.close();
        for (int i = 0; i + 1 < settings.length; i += 2) {
            http.put(settings[i], settings[i + 1]);
        }
        clients = null;
        return clients();
    }

    /**
     * The constructor every kit connector has ({@code IntuneConnector}, {@code AbmConnector}...): its
     * properties record and the worker's shared beans.
     */
    @FunctionalInterface
    public interface ConnectorConstructor<P, C extends Connector> {
        C create(
                P properties,
                ServiceHttpClients clients,
                ObjectMapper mapper,
                Clock clock,
                InventoryProperties inventory,
                AssetSink sink);
    }

    /**
     * A connector made by {@code constructor} as the worker makes it: {@code type} bound at {@code
     * prefix} from {@code properties}, with this testbed's clients, mapper, clock, default inventory
     * limits and recording sink.
     */
    public <P, C extends Connector> C connector(
            ConnectorConstructor<P, C> constructor, String prefix, Class<P> type, Map<String, String> properties) {
        return constructor.create(bind(prefix, type, properties), clients(), mapper, clock, inventory(), sink());
    }

    /** {@code base} plus {@code more} name-value pairs, which win. */
    public static Map<String, String> with(Map<String, String> base, String... more) {
        Map<String, String> properties = new LinkedHashMap<>(base);
        for (int i = 0; i + 1 < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return properties;
    }

    /**
     * A WireMock vendor on a free loopback port with {@code extensions}, not started yet (see {@link
     * VendorStubExtension}).
     */
    public static WireMockServer vendor(Extension... extensions) {
        return new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(extensions));
    }

    /**
     * The result of {@code job} on {@code connector}, which kit connectors give as a map; what it
     * throws unchecked is thrown as it is (kit connectors throw nothing checked).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> run(Connector connector, JobContext job) {
        try {
            return (Map<String, Object>) Objects.requireNonNull(connector.execute(job));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(connector.descriptor().name() + " threw a checked exception", e);
        }
    }

    /** The assets an inventory result carries. */
    @SuppressWarnings("unchecked")
    public static List<NormalizedAsset> assets(Map<String, Object> result) {
        return (List<NormalizedAsset>) result.get("assets");
    }

    /** The breaker called {@code name}. */
    public ServiceBreaker breaker(String name) {
        return breakers.get(name);
    }

    /** {@code type} bound from {@code properties} ({@code jobs.*} names) at {@code prefix}, as the worker binds it. */
    public static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, Bindable.of(type));
    }

    /** {@code type} bound at {@code prefix} from name-value pairs. */
    public static <T> T bind(String prefix, Class<T> type, String... properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < properties.length; i += 2) {
            map.put(properties[i], properties[i + 1]);
        }
        return bind(prefix, type, map);
    }

    /** The inventory limits, with {@code jobs.inventory.*} {@code settings} (name, value...). */
    public InventoryProperties inventory(String... settings) {
        return bind("jobs.inventory", InventoryProperties.class, settings);
    }

    /** A sink that records every published asset in {@link #published}. */
    public AssetSink sink() {
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
        if (clients != null) {
            clients.close();
        }
    }
}
