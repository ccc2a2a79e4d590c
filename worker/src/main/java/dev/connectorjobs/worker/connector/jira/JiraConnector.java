package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code jira} connector (see {@link ItsmConnectors#JIRA}): {@code test_connection} asks the
 * site for its Assets workspaces; {@code fetch_assets} reads Assets objects through AQL ({@link
 * AssetsInventory}); {@code create_issue} creates an issue through REST v3, duplicate-safe on retry
 * ({@link IssueCreator}). All calls go through the resilient client and the {@code jira} breaker,
 * configured by {@link JiraProperties}.
 */
@Component
final class JiraConnector implements Connector {

    private final JiraApi api;
    private final AssetsWorkspace workspace;
    private final AssetsInventory inventory;
    private final IssueCreator issues;

    JiraConnector(
            JiraProperties properties,
            InventoryProperties inventory,
            ServiceHttpClients clients,
            AssetSink sink,
            ObjectMapper mapper,
            Clock clock) {
        this.api = new JiraApi(properties, clients.forService(JiraApi.CONNECTOR), mapper, clock);
        this.workspace = new AssetsWorkspace(api, properties);
        this.inventory = new AssetsInventory(api, workspace, properties, inventory, sink);
        this.issues = new IssueCreator(api);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return ItsmConnectors.JIRA;
    }

    @Override
    public Object execute(JobContext context) {
        String operation = context.operation();
        if (ItsmConnectors.JIRA.operation(operation).isEmpty()) {
            throw unknown(operation);
        }
        api.requireConfigured();
        return switch (operation) {
            case "test_connection" -> testConnection(context);
            case "fetch_assets" -> inventory.fetch(context);
            case "create_issue" -> issues.create(context);
            default -> throw unknown(operation);
        };
    }

    private static ConnectorException unknown(String operation) {
        return ConnectorErrors.unknownOperation(ItsmConnectors.JIRA, operation);
    }

    /** {@code {"ok": true, "workspace_id"}}: the site answered and the credentials were accepted. */
    private Map<String, Object> testConnection(JobContext context) {
        List<String> workspaces = workspace.list(context);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("workspace_id", workspace.configured().orElse(workspaces.isEmpty() ? null : workspaces.getFirst()));
        result.put("workspaces", workspaces);
        return result;
    }
}
