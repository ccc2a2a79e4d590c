package dev.connectorjobs.worker.connector.freshservice;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.BasicAuth;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code freshservice} connector (Freshservice API v2), declared as {@link
 * ItsmConnectors#FRESHSERVICE}: {@code test_connection} ({@code GET /api/v2/tickets?per_page=1}),
 * {@code fetch_assets} ({@link FreshserviceInventory}) and {@code create_ticket} ({@link
 * TicketCreator}), through one {@link VendorApi} that sends the agent's API key as Basic {@code
 * <api-key>:X}, reads Freshservice's failures with {@link FreshserviceFailures} and waits out 429s
 * up to {@code max-throttle-wait}, so a long inventory resumes at the page it was on.
 */
@Component
final class FreshserviceConnector implements Connector {

    static final String CONNECTOR = "freshservice";
    static final String TICKETS = "/api/v2/tickets";

    private final FreshserviceProperties properties;
    private final @Nullable VendorApi api;
    private final @Nullable FreshserviceInventory inventory;
    private final @Nullable TicketCreator tickets;

    FreshserviceConnector(
            FreshserviceProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.properties = properties;
        URI baseUrl = properties.baseUrl();
        String apiKey = properties.auth().apiKey();
        if (baseUrl == null || apiKey == null) {
            this.api = null;
            this.inventory = null;
            this.tickets = null;
            return;
        }
        this.api = VendorApi.builder(ItsmConnectors.FRESHSERVICE, clients.forService(CONNECTOR), mapper, baseUrl)
                .auth(new BasicAuth(apiKey, "X"))
                .failures(new FreshserviceFailures(mapper, apiKey))
                .throttleWaits(properties.maxThrottleWait(), clock)
                .build();
        this.inventory = new FreshserviceInventory(api, new AssetNormalizer(mapper), properties, inventory, sink);
        this.tickets = new TicketCreator(api);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return ItsmConnectors.FRESHSERVICE;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(api(), context);
            case "fetch_assets" -> configured(inventory).fetch(context);
            case "create_ticket" -> configured(tickets).create(context);
            default -> throw ConnectorErrors.unknownOperation(descriptor(), context.operation());
        };
    }

    private VendorApi api() {
        return configured(api);
    }

    private <T> T configured(@Nullable T operation) {
        if (properties.baseUrl() == null) {
            throw ConnectorErrors.notConfigured(
                    descriptor(), "base-url", "the account's URL, e.g. https://acme.freshservice.com");
        }
        if (operation == null) {
            throw ConnectorErrors.notConfigured(descriptor(), "auth.api-key", "an agent's API key");
        }
        return operation;
    }

    /** {@code {"ok": true, "rate_limit_remaining"}}: the account answered and accepted the key. */
    private static Map<String, Object> testConnection(VendorApi api, JobContext context) {
        VendorResponse response = api.get(TICKETS, context, "per_page", "1");
        response.array("tickets");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        rateLimitRemaining(response).ifPresent(remaining -> result.put("rate_limit_remaining", remaining));
        return result;
    }

    /** {@code X-RateLimit-Remaining}: calls left in this minute. */
    private static Optional<Long> rateLimitRemaining(VendorResponse response) {
        try {
            return response.header("X-RateLimit-Remaining").map(String::trim).map(Long::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
