package dev.connectorjobs.worker.connector.androidenterprise;

import static dev.connectorjobs.worker.connector.androidenterprise.AndroidEnterpriseProperties.PREFIX;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.JwtAssertions;
import dev.connectorjobs.worker.connector.kit.JwtAssertions.GoogleServiceAccount;
import dev.connectorjobs.worker.connector.kit.OAuthApi;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.TokenGrant;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code android_enterprise} connector (Android Management API v1), declared as {@link
 * DeviceConnectors#ANDROID_ENTERPRISE}. It acts as a Google service account: every token request
 * carries a JWT bearer assertion signed with the account's key ({@link JwtAssertions}), scope
 * {@value #SCOPE}; tokens are kept until shortly before they expire and renewed once when Google
 * answers 401.
 *
 * <ul>
 *   <li>{@code test_connection}: {@code GET /enterprises/{id}};
 *   <li>{@code fetch_assets}: {@code GET /enterprises/{id}/devices?pageSize=} then {@code pageToken}
 *       from each page's {@code nextPageToken} until there is none, each page normalized by {@link
 *       DeviceNormalizer} before the next is asked for. An enterprise without devices answers {@code
 *       {}} (Google omits empty lists), which is an empty inventory;
 *   <li>{@code issue_command}: see {@link DeviceCommands}.
 * </ul>
 *
 * <p>Google's errors ({@code {"error": {"code", "message", "status"}}}) are mapped by {@link
 * VendorApi}: 403 {@code AccessDenied} (the service account may not manage the enterprise), 404
 * {@code NotFound}, 400 {@code InvalidRequest}, 429 and 5xx retryable.
 */
@Component
final class AndroidEnterpriseConnector implements Connector {

    static final String CONNECTOR = "android_enterprise";
    static final String SCOPE = "https://www.googleapis.com/auth/androidmanagement";

    private static final Logger log = LoggerFactory.getLogger(AndroidEnterpriseConnector.class);
    private static final ConnectorDescriptor DESCRIPTOR = DeviceConnectors.ANDROID_ENTERPRISE;

    private final AndroidEnterpriseProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;
    private final DeviceNormalizer normalizer = new DeviceNormalizer();
    private final VendorConnection connection;

    AndroidEnterpriseConnector(
            AndroidEnterpriseProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
        this.connection = connect(properties, clients.forService(CONNECTOR), mapper, clock);
    }

    /** The API as the configured service account, or what is missing or wrong in the configuration. */
    private static VendorConnection connect(
            AndroidEnterpriseProperties properties, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        Path keyFile = properties.auth().privateKeyFile();
        if (properties.enterpriseId() == null) {
            return VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR, "enterprise-id", "the enterprise's id, e.g. LC01234567 (from enterprises/LC01234567)"));
        }
        if (keyFile == null) {
            return VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR, "auth.private-key-file", "the path of the service account's JSON key file"));
        }
        return VendorConnection.withKeyFile(
                DESCRIPTOR, "the service account's JSON key file, as Google issued it", () -> {
                    GoogleServiceAccount account =
                            JwtAssertions.googleServiceAccount(keyFile, PREFIX + ".auth.private-key-file");
                    VendorApi api = OAuthApi.builder(
                                    DESCRIPTOR,
                                    properties.baseUrl(),
                                    properties.auth().tokenUrl(),
                                    TokenGrant.jwtBearer(account.assertion(SCOPE)),
                                    "check that " + PREFIX + ".auth.private-key-file holds a current key of an"
                                            + " existing service account (" + account.clientEmail() + ")",
                                    http,
                                    mapper,
                                    clock,
                                    properties.maxThrottleWait())
                            .failures(AndroidEnterpriseConnector::notFound)
                            .build();
                    log.info("connector={} event=configured account={}", CONNECTOR, account);
                    return api;
                });
    }

    /** A 404 names what to check: Google says only "Requested entity was not found". */
    private static Optional<ConnectorException> notFound(
            int status, String request, String explanation, HttpResult result) {
        if (status != 404) {
            return Optional.empty();
        }
        return Optional.of(ConnectorException.permanent(
                "NotFound",
                request + (explanation.isEmpty() ? "" : ": " + explanation) + "; check " + PREFIX
                        + ".enterprise-id, and that the device exists in that enterprise",
                status));
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(context);
            case "fetch_assets" -> fetchAssets(context);
            case "issue_command" -> DeviceCommands.issue(connection.api(), enterpriseId(), context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    /** The configured enterprise; checked with the rest of the configuration by {@link VendorConnection#api()}. */
    private String enterpriseId() {
        connection.api();
        return Objects.requireNonNull(properties.enterpriseId(), "enterprise-id");
    }

    private Map<String, Object> testConnection(JobContext context) {
        VendorResponse enterprise = connection.api().send(VendorRequest.get("/enterprises/" + enterpriseId()), context);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("enterprise", enterprise.text("name"));
        enterprise.optionalText("enterpriseDisplayName").ifPresent(name -> result.put("display_name", name));
        return result;
    }

    private Map<String, Object> fetchAssets(JobContext context) {
        VendorApi vendor = connection.api();
        VendorRequest first = VendorRequest.get("/enterprises/" + enterpriseId() + "/devices")
                .withQuery("pageSize", Integer.toString(properties.pageSize()));
        return Inventory.of(vendor, "devices", Paging.token("pageToken", "nextPageToken"), normalizer::normalize)
                .absentMeansEmpty()
                .pageCap(properties.pageCap())
                .fetch(first, InventoryCollector.forJob(CONNECTOR, context, inventory, sink), context)
                .result();
    }
}
