package dev.connectorjobs.worker.connector.defender;

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
 * The {@code defender} connector (Microsoft Defender for Endpoint API), declared as {@link
 * DeviceConnectors#DEFENDER}: {@code test_connection} and {@code fetch_assets} ({@link Machines}),
 * {@code tag_machine} ({@link MachineTags}). Tokens come from the client-credentials grant of the
 * configured app registration for {@value #SCOPE}; calls go through the {@code defender} client and
 * breaker. The API allows 100 calls a minute and 1,500 an hour: its 429s are waited out up to
 * {@code max-throttle-wait}.
 */
@Component
final class DefenderConnector implements Connector {

    static final ConnectorDescriptor CONNECTOR = DeviceConnectors.DEFENDER;
    static final String SCOPE = "https://api.securitycenter.microsoft.com/.default";
    static final String PERMISSIONS = "Machine.Read.All (and Machine.ReadWrite.All for tag_machine)";

    private final VendorConnection connection;
    private final Machines machines;

    DefenderConnector(
            DefenderProperties properties,
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
        this.machines =
                new Machines(new MachineNormalizer(mapper), properties, new GraphInventory(CONNECTOR, inventory, sink));
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return CONNECTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> machines.testConnection(connection.api(), context);
            case "fetch_assets" -> machines.fetch(connection.api(), context);
            case "tag_machine" -> MachineTags.tag(connection.api(), context);
            default -> throw ConnectorErrors.unknownOperation(CONNECTOR, context.operation());
        };
    }
}
