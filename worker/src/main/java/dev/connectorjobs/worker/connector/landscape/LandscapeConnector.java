package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.UbuntuConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code landscape} connector (Canonical Landscape REST API v2), declared as {@link
 * UbuntuConnectors#LANDSCAPE}: {@code test_connection} ({@code GET /api/v2/computers?limit=1}),
 * {@code fetch_assets} ({@code GET /api/v2/computers?limit=&offset=0&with_network=true}, following
 * {@code next} until it is null, each computer normalized by {@link ComputerNormalizer}) and {@code
 * run_script} ({@link ScriptRun}), through one {@link VendorApi} that authenticates with the JWT of
 * {@link LandscapeLogin} and waits out 429s up to {@code max-throttle-wait}.
 */
@Component
final class LandscapeConnector implements Connector {

    static final String CONNECTOR = "landscape";
    static final String COMPUTERS = "/api/v2/computers";

    private final LandscapeProperties properties;
    private final @Nullable VendorApi api;
    private final @Nullable Inventory inventory;
    private final @Nullable ScriptRun scripts;
    private final InventoryProperties limits;
    private final AssetSink sink;

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
        URI baseUrl = properties.baseUrl();
        if (baseUrl == null || !properties.auth().isSet()) {
            this.api = null;
            this.inventory = null;
            this.scripts = null;
            return;
        }
        ServiceHttpClient http = clients.forService(CONNECTOR);
        LandscapeLogin login =
                new LandscapeLogin(baseUrl, properties.auth(), properties.account(), http, mapper, clock);
        this.api = VendorApi.builder(UbuntuConnectors.LANDSCAPE, http, mapper, baseUrl)
                .auth(login)
                .throttleWaits(properties.maxThrottleWait(), clock)
                .build();
        this.inventory = Inventory.of(
                        api, "results", Paging.nextLink("next"), new ComputerNormalizer(mapper)::normalize)
                .total("count")
                .pageCap(properties.pageCap());
        this.scripts = new ScriptRun(
                api,
                new StartedActivities(api, login),
                new ActivityWatch(api, properties.pollInterval(), properties.maxPollInterval()),
                clock);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return UbuntuConnectors.LANDSCAPE;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(configured(api), context);
            case "fetch_assets" -> fetch(configured(inventory), context);
            case "run_script" -> configured(scripts).run(context);
            default -> throw ConnectorErrors.unknownOperation(descriptor(), context.operation());
        };
    }

    private <T> T configured(@Nullable T operation) {
        if (properties.baseUrl() == null) {
            throw ConnectorErrors.notConfigured(
                    descriptor(),
                    "base-url",
                    "the Landscape server's URL, e.g. https://landscape.canonical.com (SaaS) or the self-hosted"
                            + " server's");
        }
        if (operation == null) {
            throw ConnectorErrors.notConfigured(
                    descriptor(),
                    "auth.access-key",
                    "an API access key (with auth.secret-key), or set auth.username and auth.password to log in"
                            + " with an e-mail address");
        }
        return operation;
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

    private Map<String, Object> fetch(Inventory read, JobContext job) {
        VendorRequest first = VendorRequest.get(COMPUTERS)
                .withQuery("limit", Integer.toString(properties.pageSize()))
                .withQuery("offset", "0")
                .withQuery("with_network", "true");
        InventoryCollector collector = InventoryCollector.forJob(CONNECTOR, job, limits, sink);
        return read.fetch(first, collector, job).result();
    }
}
