package dev.connectorjobs.worker.connector.entraid;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.connector.microsoft.GraphInventory;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftApi;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code entra_id} connector (Microsoft Graph v1.0), declared as {@link
 * DeviceConnectors#ENTRA_ID}: {@code test_connection} ({@code GET /users?$top=1&$select=id}), and
 * {@code fetch_users} and {@code fetch_devices}, full or incremental ({@link DirectoryRead}). Tokens
 * come from the client-credentials grant of the configured app registration for {@value #SCOPE};
 * calls go through the {@code entra_id} client and breaker.
 */
@Component
final class EntraIdConnector implements Connector {

    static final ConnectorDescriptor CONNECTOR = DeviceConnectors.ENTRA_ID;
    static final String SCOPE = "https://graph.microsoft.com/.default";
    static final String PERMISSIONS = "User.Read.All and Device.Read.All";

    private final VendorConnection connection;
    private final DirectoryRead read;

    EntraIdConnector(
            EntraIdProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.connection = MicrosoftApi.connect(
                CONNECTOR,
                properties,
                SCOPE,
                PERMISSIONS,
                clients.forService(CONNECTOR.name()),
                mapper,
                clock,
                new ExpiredDeltaLinks());
        this.read = new DirectoryRead(
                properties, new DirectoryNormalizer(mapper), new GraphInventory(CONNECTOR, inventory, sink));
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return CONNECTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(connection.api(), context);
            case "fetch_users" -> read.fetch(connection.api(), context, DirectoryObjects.USERS);
            case "fetch_devices" -> read.fetch(connection.api(), context, DirectoryObjects.DEVICES);
            default -> throw ConnectorErrors.unknownOperation(CONNECTOR, context.operation());
        };
    }

    /** A token, then one user's id: proves tenant, credentials, permission and URL. */
    private static Map<String, Object> testConnection(VendorApi api, JobContext job) {
        VendorResponse page = api.send(
                VendorRequest.get(DirectoryObjects.USERS.path())
                        .withQuery("$top", "1")
                        .withQuery("$select", "id"),
                job);
        return GraphInventory.connected(api, "users_seen", page.array("value").size());
    }
}
