package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code servicenow} connector ({@link ItsmConnectors#SERVICENOW}): {@code test_connection},
 * {@code fetch_assets} (see {@link CmdbFetch}), {@code create_incident} (see {@link Incidents})
 * and {@code get_record}, against the instance at {@code jobs.connectors.servicenow.base-url}
 * through the resilient client and the {@code servicenow} breaker.
 *
 * <p>Without a base URL or credentials, every job fails permanently with {@code
 * ConnectorNotConfigured}, naming the properties to set. Credentials never appear in results,
 * errors or logs.
 */
@Component
final class ServiceNowConnector implements Connector {

    static final String NAME = "servicenow";

    private static final String OPERATIONS = "test_connection, fetch_assets, create_incident, get_record";

    private final @Nullable Operations operations;
    private final String notConfigured;

    /** What a configured connector can do. */
    private record Operations(Records records, CmdbFetch fetch, Incidents incidents) {}

    ServiceNowConnector(
            ServiceNowProperties properties,
            InventoryProperties inventory,
            AssetSink sink,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock) {
        URI base = properties.baseUrl();
        ServiceNowProperties.Auth auth = properties.auth();
        if (base == null) {
            notConfigured = NAME + " has no instance: set " + ServiceNowProperties.PREFIX + ".base-url (environment"
                    + " JOBS_CONNECTORS_SERVICENOW_BASE_URL), e.g. https://acme.service-now.com, on the workers that run"
                    + " it";
            operations = null;
        } else if (auth.mode() == ServiceNowProperties.AuthMode.NONE) {
            notConfigured = NAME + " has no credentials: set " + ServiceNowProperties.PREFIX + ".auth.username and"
                    + " .auth.password (Basic), or .auth.client-id and .auth.client-secret (OAuth), on the workers"
                    + " that run it";
            operations = null;
        } else {
            notConfigured = "";
            ServiceHttpClient http = clients.forService(descriptor().breaker().orElseThrow());
            ServiceNowUrls urls = new ServiceNowUrls(base);
            ResponseReader reader = new ResponseReader(mapper);
            Credentials credentials = auth.mode() == ServiceNowProperties.AuthMode.BASIC
                    ? new BasicCredentials(required(auth.username()), required(auth.password()))
                    : new OAuthTokens(urls, auth, http, reader, clock);
            ServiceNowApi api = new ServiceNowApi(urls, http, credentials, reader);
            operations = new Operations(
                    new Records(api),
                    new CmdbFetch(api, new CiNormalizer(mapper), properties, inventory, sink),
                    new Incidents(api, mapper));
        }
    }

    private static String required(@Nullable String value) {
        if (value == null) {
            throw new IllegalStateException("Basic credentials without a username or password");
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
            throw ConnectorException.permanent(
                    "UnknownOperation", NAME + " has no operation '" + operation + "'; it has: " + OPERATIONS);
        }
        Operations configured = operations;
        if (configured == null) {
            throw ConnectorException.permanent("ConnectorNotConfigured", notConfigured);
        }
        return switch (operation) {
            case "test_connection" -> configured.records().testConnection(context);
            case "fetch_assets" -> configured.fetch().run(context);
            case "create_incident" -> configured.incidents().create(context);
            case "get_record" -> configured.records().get(context);
            default -> throw new IllegalStateException("declared but not implemented: " + operation);
        };
    }
}
