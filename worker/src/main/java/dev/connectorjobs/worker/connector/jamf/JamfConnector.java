package dev.connectorjobs.worker.connector.jamf;

import static dev.connectorjobs.worker.connector.jamf.JamfProperties.PREFIX;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.EndpointManagementConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.OAuthTokens;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.TokenGrant;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code jamf} connector (Jamf Pro API), declared as {@link EndpointManagementConnectors#JAMF}.
 * It authenticates as an API client ({@code POST /api/oauth/token}, client credentials, through
 * {@link OAuthTokens}) or as a user account ({@link JamfSessionTokens}: Basic login, bearer tokens
 * kept alive before they expire); either way a token the server refuses is replaced once.
 *
 * <ul>
 *   <li>{@code test_connection}: {@code GET /api/v1/jamf-pro-version};
 *   <li>{@code fetch_assets}: {@code GET /api/v1/computers-inventory?section=GENERAL&section=HARDWARE
 *       &section=OPERATING_SYSTEM&page=&page-size=&sort=id:asc}, normalized by {@link
 *       ComputerNormalizer};
 *   <li>{@code fetch_mobile_devices}: {@code GET /api/v2/mobile-devices/detail?section=GENERAL
 *       &section=HARDWARE&page=&page-size=&sort=mobileDeviceId:asc}, normalized by {@link
 *       MobileDeviceNormalizer};
 *   <li>{@code redeploy_framework}: see {@link FrameworkRedeploy}.
 * </ul>
 *
 * <p>Both inventories page from 0 until {@code (page + 1) * page-size} reaches {@code totalCount}.
 * They are sorted by id: Jamf's default sort (by name) is not unique, so records with equal names
 * could move between pages while the job reads, and one could be read twice and another never.
 */
@Component
final class JamfConnector implements Connector {

    static final String CONNECTOR = "jamf";
    static final String VERSION = "/api/v1/jamf-pro-version";
    static final String COMPUTERS = "/api/v1/computers-inventory";
    static final String MOBILE_DEVICES = "/api/v2/mobile-devices/detail";
    static final String TOKEN = "/api/oauth/token";

    private static final ConnectorDescriptor DESCRIPTOR = EndpointManagementConnectors.JAMF;

    private final JamfProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;
    private final ComputerNormalizer computers = new ComputerNormalizer();
    private final MobileDeviceNormalizer mobileDevices = new MobileDeviceNormalizer();
    private final VendorConnection connection;

    JamfConnector(
            JamfProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
        this.connection = VendorConnection.unless(Optional.ofNullable(problem(properties)), () -> {
            URI baseUrl = Objects.requireNonNull(properties.baseUrl(), "problem() names a missing base-url");
            ServiceHttpClient http = clients.forService(CONNECTOR);
            return VendorApi.builder(DESCRIPTOR, http, mapper, baseUrl)
                    .auth(auth(baseUrl, http, mapper, clock))
                    .failures(new JamfFailures(mapper, secrets(properties.auth())))
                    .throttleWaits(properties.maxThrottleWait(), clock)
                    .build();
        });
    }

    private VendorAuth auth(URI baseUrl, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        JamfProperties.Auth auth = properties.auth();
        if (auth.isClient()) {
            String path =
                    baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
            return new OAuthTokens(
                    CONNECTOR,
                    baseUrl.resolve(path + TOKEN),
                    TokenGrant.clientSecret(
                            Objects.requireNonNull(auth.clientId()), Objects.requireNonNull(auth.clientSecret()), ""),
                    http,
                    mapper,
                    clock,
                    "check " + PREFIX + ".auth.client-id and .client-secret, and that the API client is enabled");
        }
        return new JamfSessionTokens(
                baseUrl,
                Objects.requireNonNull(auth.username()),
                Objects.requireNonNull(auth.password()),
                http,
                mapper,
                clock);
    }

    private static List<String> secrets(JamfProperties.Auth auth) {
        List<String> secrets = new ArrayList<>();
        if (auth.clientSecret() != null) {
            secrets.add(auth.clientSecret());
        }
        if (auth.password() != null) {
            secrets.add(auth.password());
        }
        return secrets;
    }

    /** What keeps jobs from running, naming the property to set; null when configured. */
    private static @Nullable ConnectorException problem(JamfProperties properties) {
        JamfProperties.Auth auth = properties.auth();
        if (properties.baseUrl() == null) {
            return ConnectorErrors.notConfigured(
                    DESCRIPTOR, "base-url", "the Jamf Pro server's URL, e.g. https://acme.jamfcloud.com");
        }
        if (auth.isClient() || auth.isUser()) {
            return null;
        }
        if (auth.clientId() != null) {
            return ConnectorErrors.notConfigured(DESCRIPTOR, "auth.client-secret", "the API client's secret");
        }
        if (auth.clientSecret() != null) {
            return ConnectorErrors.notConfigured(DESCRIPTOR, "auth.client-id", "the API client's id");
        }
        if (auth.username() != null) {
            return ConnectorErrors.notConfigured(DESCRIPTOR, "auth.password", "the user account's password");
        }
        if (auth.password() != null) {
            return ConnectorErrors.notConfigured(DESCRIPTOR, "auth.username", "the user account's name");
        }
        return ConnectorErrors.notConfigured(
                DESCRIPTOR,
                "auth.client-id",
                "an API client's id (with auth.client-secret), or set auth.username and auth.password of a user"
                        + " account");
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(context);
            case "fetch_assets" ->
                read(COMPUTERS, "id:asc", computers::normalize, context, "GENERAL", "HARDWARE", "OPERATING_SYSTEM");
            case "fetch_mobile_devices" ->
                read(MOBILE_DEVICES, "mobileDeviceId:asc", mobileDevices::normalize, context, "GENERAL", "HARDWARE");
            case "redeploy_framework" -> FrameworkRedeploy.redeploy(api(), context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    private VendorApi api() {
        return connection.api();
    }

    private Map<String, Object> testConnection(JobContext context) {
        VendorApi vendor = api();
        VendorResponse version = vendor.send(VendorRequest.get(VERSION), context);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("version", version.text("version"));
        result.put("auth", vendor.auth().scheme());
        return result;
    }

    private Map<String, Object> read(
            String path, String sort, Inventory.Normalizer normalizer, JobContext context, String... sections) {
        VendorApi vendor = api();
        int size = properties.pageSize();
        VendorRequest first = VendorRequest.get(path);
        for (String section : sections) {
            first = first.addQuery("section", section);
        }
        first = first.withQuery("page", "0")
                .withQuery("page-size", Integer.toString(size))
                .withQuery("sort", sort);
        return Inventory.of(vendor, "results", Paging.pageNumber("page", 0, size, "totalCount"), normalizer)
                .total("totalCount")
                .pageCap(properties.pageCap())
                .fetch(first, InventoryCollector.forJob(CONNECTOR, context, inventory, sink), context)
                .result();
    }
}
