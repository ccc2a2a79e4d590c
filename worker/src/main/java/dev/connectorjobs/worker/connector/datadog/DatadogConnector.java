package dev.connectorjobs.worker.connector.datadog;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.HeaderAuth;
import dev.connectorjobs.worker.connector.kit.Masking;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code datadog} connector (API v1 of the configured site), declared as {@link
 * SiemConnectors#DATADOG}: {@code test_connection} ({@code GET /api/v1/validate}), {@code
 * fetch_assets} ({@link DatadogHosts}) and {@code post_event} ({@link EventPost}). Datadog takes its
 * keys as headers: {@code DD-API-KEY} on every request, and {@code DD-APPLICATION-KEY} only on reads,
 * so a worker that only posts events needs no application key. Both APIs go through the {@code
 * datadog} HTTP client and breaker, read failures with {@link DatadogFailures} and wait out rate
 * limits ({@code X-RateLimit-Reset}) up to {@code max-throttle-wait}.
 */
@Component
final class DatadogConnector implements Connector {

    static final String CONNECTOR = "datadog";

    private static final ConnectorDescriptor DESCRIPTOR = SiemConnectors.DATADOG;

    /** The API key alone: validate and post events. */
    private final VendorConnection writes;

    /** The API key and the application key: read hosts. */
    private final VendorConnection reads;

    private final DatadogHosts hosts;

    DatadogConnector(
            DatadogProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.hosts = new DatadogHosts(new HostNormalizer(), properties, inventory, sink);
        ServiceHttpClient http = clients.forService(CONNECTOR);
        String apiKey = properties.auth().apiKey();
        String applicationKey = properties.auth().applicationKey();
        if (apiKey == null) {
            this.writes = VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR, "auth.api-key", "an API key of the organization (Organization settings, API keys)"));
            this.reads = writes;
            return;
        }
        HeaderAuth apiKeyOnly = HeaderAuth.header("DD-API-KEY", "", apiKey);
        this.writes = VendorConnection.of(api(properties, http, mapper, clock, apiKeyOnly));
        this.reads = applicationKey == null
                ? VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                        DESCRIPTOR,
                        "auth.application-key",
                        "an application key with the hosts_read scope (Organization settings, Application keys)"))
                : VendorConnection.of(
                        api(properties, http, mapper, clock, apiKeyOnly.and("DD-APPLICATION-KEY", applicationKey)));
    }

    private static VendorApi api(
            DatadogProperties properties, ServiceHttpClient http, ObjectMapper mapper, Clock clock, HeaderAuth auth) {
        return VendorApi.builder(DESCRIPTOR, http, mapper, properties.baseUrl())
                .auth(auth)
                .failures(new DatadogFailures(mapper, properties.baseUrl(), text -> Masking.mask(text, auth.secrets())))
                .throttleWaits(properties.maxThrottleWait(), clock)
                .build();
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(writes.api(), context);
            case "fetch_assets" -> hosts.fetch(reads.api(), context);
            case "post_event" -> EventPost.post(writes.api(), context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    /**
     * {@code {"ok": true, "valid": true}}: {@code GET /api/v1/validate} accepted the API key (a key
     * Datadog refuses is a 403, {@code AuthenticationFailed}). The application key is not checked
     * here; {@code fetch_assets} uses it.
     */
    private static Map<String, Object> testConnection(VendorApi api, JobContext job) {
        VendorResponse answer = api.get("/api/v1/validate", job);
        if (!answer.at("valid").asBoolean(false)) {
            throw answer.malformed("'valid' is not true");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("valid", true);
        return result;
    }
}
