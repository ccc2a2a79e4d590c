package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.ExecutionConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code ansible} connector (AWX / Ansible Automation Platform REST API v2), declared as {@link
 * ExecutionConnectors#ANSIBLE}: {@code test_connection} ({@code GET /api/v2/ping/}, which AWX answers
 * without credentials, then {@code GET /api/v2/me/} to check them), {@code fetch_assets} ({@link
 * AnsibleInventory}) and {@code launch_job_template} ({@link JobTemplateLauncher}: launched at most
 * once per job, resumed from its checkpoint, cancelled in AWX on revoke or time limit), through one
 * {@link VendorApi} that sends a Bearer token or Basic credentials.
 *
 * <p>A launch is remote work that outlives an attempt. Its AWX job id is saved as the job's checkpoint
 * ({@code {"awx_job_id": n}}) as soon as AWX answers, and a later attempt (crash, reaped lease,
 * hand-back on shutdown) resumes polling that job instead of launching again. The crash window
 * between the launch POST and that save is closed by a launch marker: saved in the checkpoint before
 * the POST and sent in {@code extra_vars} as {@code connector_jobs_launch_id}, it lets a later attempt
 * find the AWX job among the template's recent jobs and resume it. Residual risk: a template that does
 * not prompt for variables drops the marker, an AWX clock more than ten minutes behind the worker's
 * hides the job, and a job deleted in AWX cannot be found; then the template runs a second time.
 * {@link JobTemplateLauncher} has the details. On revoke or time limit the registered remote cancel
 * sends {@code POST /api/v2/jobs/{id}/cancel/}.
 */
@Component
final class AnsibleConnector implements Connector {

    static final String CONNECTOR = "ansible";

    private static final ConnectorDescriptor DESCRIPTOR = ExecutionConnectors.ANSIBLE;

    private final AnsibleProperties properties;
    private final VendorConnection connection;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AnsibleInventory inventory;

    AnsibleConnector(
            AnsibleProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
        this.inventory = new AnsibleInventory(new HostNormalizer(), properties, inventory, sink);
        this.connection = connect(properties, clients.forService(CONNECTOR), mapper, clock);
    }

    /** The API with the configured URL and credentials, or the first of them that is missing. */
    private static VendorConnection connect(
            AnsibleProperties properties, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        URI baseUrl = properties.baseUrl();
        if (baseUrl == null) {
            return VendorConnection.notConfigured(
                    ConnectorErrors.notConfigured(DESCRIPTOR, "base-url", "the AWX URL, e.g. https://awx.example.com"));
        }
        AnsibleProperties.Auth credentials = properties.auth();
        Optional<VendorAuth> auth =
                VendorAuth.bearerOrBasic(credentials.token(), credentials.username(), credentials.password());
        if (auth.isEmpty()) {
            return VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR,
                    "auth.token",
                    "an AWX personal access token (or set auth.username and auth.password instead)"));
        }
        return VendorConnection.of(VendorApi.builder(DESCRIPTOR, http, mapper, baseUrl)
                .auth(auth.get())
                .failures(new AnsibleFailures())
                .throttleWaits(properties.maxThrottleWait(), clock)
                .build());
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(connection.api(), context);
            case "fetch_assets" -> inventory.fetch(connection.api(), context);
            case "launch_job_template" -> launcher(connection.api()).run(context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    /** A launcher through {@code api}: cheap, one per job. */
    private JobTemplateLauncher launcher(VendorApi api) {
        return new JobTemplateLauncher(
                api, new LaunchMarkers(api, mapper, properties), new AwxJobFollower(api, properties), clock);
    }

    /** {@code {"ok": true, "version", "user"}}: AWX answered, and accepted the credentials. */
    private static Map<String, Object> testConnection(VendorApi api, JobContext context) {
        VendorResponse ping = api.get("/api/v2/ping/", context);
        VendorResponse me = api.get("/api/v2/me/", context);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        ping.optionalText("version").ifPresent(version -> result.put("version", version));
        me.optionalText("/results/0/username").ifPresent(user -> result.put("user", user));
        return result;
    }
}
