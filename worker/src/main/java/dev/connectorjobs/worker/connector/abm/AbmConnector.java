package dev.connectorjobs.worker.connector.abm;

import static dev.connectorjobs.worker.connector.abm.AbmProperties.PREFIX;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.JwtAssertions;
import dev.connectorjobs.worker.connector.kit.OAuthApi;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.TokenGrant;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code abm} connector (Apple Business Manager API v1), declared as {@link
 * DeviceConnectors#ABM}. Tokens come from Apple's OAuth endpoint by client credentials, every
 * request authenticated by a client assertion freshly signed with the API account's P-256 key
 * ({@link JwtAssertions#appleClientAssertion}), scope {@value #SCOPE}; they are kept until shortly
 * before they expire (an hour) and renewed once when Apple answers 401.
 *
 * <ul>
 *   <li>{@code test_connection}: {@code GET /mdmServers?limit=1};
 *   <li>{@code fetch_assets}: {@code GET /orgDevices?limit=}, then the cursor of each page's {@code
 *       meta.paging.nextCursor} as {@code cursor} (or, if a page gives only {@code links.next}, that
 *       link) until a page has neither, each page normalized by {@link OrgDeviceNormalizer} before
 *       the next is asked for; {@code meta.paging.total}, when given, is the progress total.
 * </ul>
 *
 * <p>Apple answers its rate limit with 429 and {@code Retry-After}: the HTTP client retries it, and a
 * longer wait (up to {@code max-throttle-wait}) is waited out here before the same page is asked for
 * again. Errors ({@code {"errors": [{"status", "code", "title", "detail"}]}}) are mapped by {@link
 * VendorApi}, with Apple's {@code detail} quoted.
 */
@Component
final class AbmConnector implements Connector {

    static final String CONNECTOR = "abm";
    static final String SCOPE = "business.api";

    /** Apple's cursors: {@code meta.paging.nextCursor} as {@code cursor}, else {@code links.next} verbatim. */
    static final Paging CURSOR = (request, page, items) -> {
        Optional<VendorRequest> next =
                Paging.token("cursor", "/meta/paging/nextCursor").next(request, page, items);
        return next.isPresent() ? next : Paging.nextLink("/links/next").next(request, page, items);
    };

    private static final Logger log = LoggerFactory.getLogger(AbmConnector.class);
    private static final ConnectorDescriptor DESCRIPTOR = DeviceConnectors.ABM;

    private final AbmProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;
    private final OrgDeviceNormalizer normalizer = new OrgDeviceNormalizer();
    private final VendorConnection connection;

    AbmConnector(
            AbmProperties properties,
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

    /** The API with the configured API account, or what is missing or wrong in its configuration. */
    private static VendorConnection connect(
            AbmProperties properties, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        AbmProperties.Auth auth = properties.auth();
        String clientId = auth.clientId();
        String keyId = auth.keyId();
        Path keyFile = auth.privateKeyFile();
        if (clientId == null) {
            return VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR, "auth.client-id", "the API account's client id, e.g. BUSINESSAPI.9703f56c-..."));
        }
        if (keyId == null) {
            return VendorConnection.notConfigured(
                    ConnectorErrors.notConfigured(DESCRIPTOR, "auth.key-id", "the id of the API account's key"));
        }
        if (keyFile == null) {
            return VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR,
                    "auth.private-key-file",
                    "the path of the PEM key Apple generated for the API account"));
        }
        return VendorConnection.withKeyFile(DESCRIPTOR, "the PEM key Apple generated for the API account", () -> {
            Function<Instant, String> assertion =
                    JwtAssertions.appleClientAssertion(clientId, keyId, keyFile, PREFIX + ".auth.private-key-file");
            VendorApi api = OAuthApi.builder(
                            DESCRIPTOR,
                            properties.baseUrl(),
                            auth.tokenUrl(),
                            TokenGrant.clientAssertion(clientId, SCOPE, assertion),
                            "check " + PREFIX + ".auth.client-id, .key-id and .private-key-file: the key must be the"
                                    + " API account's current one",
                            http,
                            mapper,
                            clock,
                            properties.maxThrottleWait())
                    .build();
            log.info("connector={} event=configured client_id={} key_id={}", CONNECTOR, clientId, keyId);
            return api;
        });
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
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    private Map<String, Object> testConnection(JobContext context) {
        VendorResponse servers =
                connection.api().send(VendorRequest.get("/mdmServers").withQuery("limit", "1"), context);
        servers.array("data");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        servers.optionalLong("/meta/paging/total").ifPresent(total -> result.put("mdm_servers", total));
        return result;
    }

    private Map<String, Object> fetchAssets(JobContext context) {
        VendorApi vendor = connection.api();
        VendorRequest first =
                VendorRequest.get("/orgDevices").withQuery("limit", Integer.toString(properties.pageSize()));
        return Inventory.of(vendor, "data", CURSOR, normalizer::normalize)
                .total("/meta/paging/total")
                .pageCap(properties.pageCap())
                .fetch(first, InventoryCollector.forJob(CONNECTOR, context, inventory, sink), context)
                .result();
    }
}
