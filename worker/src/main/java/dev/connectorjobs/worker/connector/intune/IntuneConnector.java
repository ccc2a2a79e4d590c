package dev.connectorjobs.worker.connector.intune;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.microsoft.GraphInventory;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftApi;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.time.Clock;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code intune} connector (Microsoft Graph v1.0), declared as {@link DeviceConnectors#INTUNE}:
 * {@code test_connection} and {@code fetch_assets} ({@link ManagedDevices}), {@code sync_device}
 * ({@link DeviceSync}). Tokens come from the client-credentials grant of the configured app
 * registration for {@value #SCOPE}; calls, the token endpoint's included, go through the {@code
 * intune} client and breaker.
 */
@Component
final class IntuneConnector implements Connector {

    static final ConnectorDescriptor CONNECTOR = DeviceConnectors.INTUNE;
    static final String SCOPE = "https://graph.microsoft.com/.default";

    /** What the app registration needs: read managed devices, and ask them to sync. */
    static final String PERMISSIONS =
            "DeviceManagementManagedDevices.Read.All (and DeviceManagementManagedDevices.PrivilegedOperations.All"
                    + " for sync_device)";

    private final VendorConnection connection;
    private final ManagedDevices devices;

    IntuneConnector(
            IntuneProperties properties,
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
                FailureHook.NONE);
        this.devices = new ManagedDevices(
                new ManagedDeviceNormalizer(mapper), properties, new GraphInventory(CONNECTOR, inventory, sink));
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return CONNECTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> devices.testConnection(connection.api(), context);
            case "fetch_assets" -> devices.fetch(connection.api(), context);
            case "sync_device" -> DeviceSync.sync(connection.api(), context);
            default -> throw ConnectorErrors.unknownOperation(CONNECTOR, context.operation());
        };
    }
}
