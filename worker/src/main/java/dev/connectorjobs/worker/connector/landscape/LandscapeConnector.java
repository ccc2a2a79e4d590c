package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.EndpointManagementConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code landscape} connector (Canonical Landscape REST API v2), declared as {@link
 * EndpointManagementConnectors#LANDSCAPE}: {@code test_connection} ({@code GET /api/v2/computers?limit=1}),
 * {@code fetch_assets} ({@code GET /api/v2/computers?limit=&offset=0&with_network=true}, following
 * {@code next} until it is null, each computer normalized by {@link ComputerNormalizer}) and {@code
 * run_script} ({@link ScriptRun}), through one {@link VendorApi} that authenticates with the JWT of
 * {@link LandscapeLogin} and waits out 429s up to {@code max-throttle-wait}.
 */
@Component
final class LandscapeConnector implements Connector {

    static final String CONNECTOR = "landscape";
    static final String COMPUTERS = "/api/v2/computers";

    private static final ConnectorDescriptor DESCRIPTOR = EndpointManagementConnectors.LANDSCAPE;

    private final LandscapeProperties properties;
    private final InventoryProperties limits;
    private final AssetSink sink;
    private final ComputerNormalizer normalizer;
    private final VendorConnection connection;
    /** Null exactly when {@link #connection} is not configured. */
    private final @Nullable ScriptRun scripts;

    LandscapeConnector(
            LandscapeProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties limits,
            AssetSink sink) {
        this.properties = properties;
        this.limits = limits;
        this.sink = sink;
        this.normalizer = new ComputerNormalizer(mapper);
        URI baseUrl = properties.baseUrl();
        if (baseUrl == null || !properties.auth().isSet()) {
            this.connection = VendorConnection.notConfigured(unconfigured(properties));
            this.scripts = null;
            return;
        }
        ServiceHttpClient http = clients.forService(CONNECTOR);
        LandscapeLogin login =
                new LandscapeLogin(baseUrl, properties.auth(), properties.account(), http, mapper, clock);
        VendorApi api = VendorApi.builder(DESCRIPTOR, http, mapper, baseUrl)
                .auth(login)
                .throttleWaits(properties.maxThrottleWait(), clock)
                .build();
        this.connection = VendorConnection.of(api);
        this.scripts = new ScriptRun(
                api,
                new StartedActivities(api, login),
                new ActivityWatch(api, properties.pollInterval(), properties.maxPollInterval()),
                clock);
    }

    /** What is missing for jobs to reach Landscape: the server's URL first, then a credential. */
    private static ConnectorException unconfigured(LandscapeProperties properties) {
        if (properties.baseUrl() == null) {
            return ConnectorErrors.notConfigured(
                    DESCRIPTOR,
                    "base-url",
                    "the Landscape server's URL, e.g. https://landscape.canonical.com (SaaS) or the self-hosted"
                            + " server's");
        }
        return ConnectorErrors.notConfigured(
                DESCRIPTOR,
                "auth.access-key",
                "an API access key (with auth.secret-key), or set auth.username and auth.password to log in"
                        + " with an e-mail address");
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(connection.api(), context);
            case "fetch_assets" -> fetch(connection.api(), context);
            case "run_script" -> scripts().run(context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    /** The script runner, which also needs the login (for the e-mail address it logged in with). */
    private ScriptRun scripts() {
        connection.api(); // throws the remembered ConnectorNotConfigured
        return Objects.requireNonNull(scripts, "a configured connection has a script runner");
    }

    /** {@code {"ok": true, "computers": <count>}}: Landscape accepted the login and answered. */
    private static Map<String, Object> testConnection(VendorApi api, JobContext context) {
        VendorResponse response = api.get(COMPUTERS, context, "limit", "1");
        response.array("results");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        response.optionalLong("count").ifPresent(count -> result.put("computers", count));
        return result;
    }

    private Map<String, Object> fetch(VendorApi api, JobContext job) {
        VendorRequest first = VendorRequest.get(COMPUTERS)
                .withQuery("limit", Integer.toString(properties.pageSize()))
                .withQuery("offset", "0")
                .withQuery("with_network", "true");
        InventoryCollector collector = InventoryCollector.forJob(CONNECTOR, job, limits, sink);
        return Inventory.of(api, "results", Paging.nextLink("next"), normalizer::normalize)
                .total("count")
                .pageCap(properties.pageCap())
                .fetch(first, collector, job)
                .result();
    }
}
