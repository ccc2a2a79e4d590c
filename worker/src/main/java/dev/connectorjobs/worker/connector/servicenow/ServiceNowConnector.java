package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.BasicAuth;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.OAuthTokens;
import dev.connectorjobs.worker.connector.kit.TokenGrant;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code servicenow} connector ({@link ItsmConnectors#SERVICENOW}): {@code test_connection}
 * ({@link ConnectionCheck}), {@code fetch_assets} ({@link CmdbFetch}), {@code create_incident}
 * ({@link Incidents}) and {@code get_record} ({@link RecordLookup}), against the instance at {@code
 * jobs.connectors.servicenow.base-url} through one {@link VendorApi} (the resilient client and the
 * {@code servicenow} breaker), authenticated with Basic or OAuth tokens from the instance's {@code
 * /oauth_token.do}.
 *
 * <p>Without a base URL or credentials, every job fails permanently with {@code
 * ConnectorNotConfigured}, naming the properties to set. Credentials never appear in results,
 * errors or logs.
 */
@Component
final class ServiceNowConnector implements Connector {

    static final String NAME = "servicenow";

    static final String TOKEN_PATH = "/oauth_token.do";

    private static final String CHECK = "check " + ServiceNowProperties.PREFIX + ".auth.client-id, .client-secret,"
            + " .username and .password, and that the OAuth client is active on the instance";

    private final ServiceNowProperties properties;
    private final @Nullable Operations operations;

    /** What a configured connector can do. */
    private record Operations(ConnectionCheck check, CmdbFetch fetch, Incidents incidents, RecordLookup records) {}

    ServiceNowConnector(
            ServiceNowProperties properties,
            InventoryProperties inventory,
            AssetSink sink,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock) {
        this.properties = properties;
        URI base = properties.baseUrl();
        if (base == null || properties.auth().mode() == ServiceNowProperties.AuthMode.NONE) {
            operations = null;
            return;
        }
        ServiceHttpClient http = clients.forService(NAME);
        ResponseReader reader = new ResponseReader(mapper);
        VendorApi api = VendorApi.builder(ItsmConnectors.SERVICENOW, http, mapper, base)
                .auth(auth(properties.auth(), base, http, mapper, clock))
                .failures(new ServiceNowFailures(reader))
                .build();
        operations = new Operations(
                new ConnectionCheck(api, reader, base),
                new CmdbFetch(api, reader, new CiNormalizer(mapper), properties, inventory, sink),
                new Incidents(api, reader),
                new RecordLookup(api, reader));
    }

    private static VendorAuth auth(
            ServiceNowProperties.Auth auth, URI base, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        if (auth.mode() == ServiceNowProperties.AuthMode.BASIC) {
            return new BasicAuth(required(auth.username()), required(auth.password()));
        }
        TokenGrant grant = auth.mode() == ServiceNowProperties.AuthMode.OAUTH_PASSWORD
                ? TokenGrant.password(
                        required(auth.clientId()),
                        required(auth.clientSecret()),
                        required(auth.username()),
                        required(auth.password()))
                : TokenGrant.clientSecret(required(auth.clientId()), required(auth.clientSecret()), "");
        String url = base.toString();
        URI endpoint = URI.create((url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + TOKEN_PATH);
        return new OAuthTokens(NAME, endpoint, grant, http, mapper, clock, CHECK);
    }

    private static String required(@Nullable String value) {
        if (value == null) {
            throw new IllegalStateException("ServiceNowProperties.Auth let incomplete credentials through");
        }
        return value;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return ItsmConnectors.SERVICENOW;
    }

    @Override
    public Object execute(JobContext context) {
        String operation = context.operation();
        if (descriptor().operation(operation).isEmpty()) {
            throw ConnectorErrors.unknownOperation(descriptor(), operation);
        }
        Operations configured = operations;
        if (configured == null) {
            throw properties.baseUrl() == null
                    ? ConnectorErrors.notConfigured(
                            descriptor(), "base-url", "the instance's URL, e.g. https://acme.service-now.com")
                    : ConnectorErrors.notConfigured(
                            descriptor(),
                            "auth.username",
                            "the integration user, with .auth.password (Basic), or set .auth.client-id and"
                                    + " .auth.client-secret (OAuth)");
        }
        return switch (operation) {
            case "test_connection" -> configured.check().run(context);
            case "fetch_assets" -> configured.fetch().run(context);
            case "create_incident" -> configured.incidents().create(context);
            case "get_record" -> configured.records().get(context);
            default -> throw new IllegalStateException("declared but not implemented: " + operation);
        };
    }
}
