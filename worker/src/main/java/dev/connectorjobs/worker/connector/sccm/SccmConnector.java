package dev.connectorjobs.worker.connector.sccm;

import static dev.connectorjobs.worker.connector.sccm.SccmProperties.PREFIX;

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
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code sccm} connector (Configuration Manager administration service, OData v4 over HTTPS),
 * declared as {@link EndpointManagementConnectors#SCCM}.
 *
 * <ul>
 *   <li>{@code test_connection}: {@code GET /AdminService/wmi/SMS_Site}, the site's code, name and
 *       version;
 *   <li>{@code fetch_assets}: {@code GET /AdminService/wmi/SMS_R_System?$select=...&$top=&$skip=},
 *       normalized by {@link SystemNormalizer}; an {@code @odata.nextLink} the service gives is
 *       followed instead (same host only), otherwise {@code $skip} advances until a page is shorter
 *       than {@code $top}. No order is asked for: the WMI route turns a query into WQL, which has no
 *       ORDER BY, and whether it honours {@code $orderby} is not documented. The provider returns
 *       instances in a stable order (observed, not documented), so paging is safe unless devices are
 *       added or removed while a job reads (then one may be read twice or missed; the next run sees
 *       it);
 *   <li>{@code run_client_operation}: see {@link ClientOperations}.
 * </ul>
 *
 * <p>Authentication: HTTP Basic ({@code auth.username}, {@code auth.password}) or a bearer token
 * ({@code auth.token}), sent with every request. The AdminService itself asks for Windows integrated
 * authentication (Negotiate: Kerberos, or NTLM); Apache HttpClient 5, under the worker's HTTP client,
 * deprecates its NTLM scheme and its GSS (SPNEGO/Kerberos) schemes and would need a Kerberos set-up
 * (krb5.conf, a keytab, a JAAS login) on every worker, and NTLM authenticates a connection rather
 * than a request, which the shared, pooled client does not keep per job. So the supported set-ups
 * are: a reverse proxy in front of the SMS Provider that takes Basic over HTTPS and speaks Windows
 * authentication on (Kerberos constrained delegation, as IIS ARR or a WAF does), or a token the
 * service accepts (the cloud management gateway with Entra ID). A 401 whose {@code
 * WWW-Authenticate} offers only Negotiate or NTLM says so in the job's error.
 */
@Component
final class SccmConnector implements Connector {

    static final String CONNECTOR = "sccm";
    static final String SITE = "/AdminService/wmi/SMS_Site";
    static final String SYSTEMS = "/AdminService/wmi/SMS_R_System";

    private static final ConnectorDescriptor DESCRIPTOR = EndpointManagementConnectors.SCCM;

    private final SccmProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;
    private final SystemNormalizer normalizer = new SystemNormalizer();
    private final VendorConnection connection;

    SccmConnector(
            SccmProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
        this.connection = VendorConnection.unless(Optional.ofNullable(problem(properties)), () -> {
            SccmProperties.Auth auth = properties.auth();
            return VendorApi.builder(
                            DESCRIPTOR,
                            clients.forService(CONNECTOR),
                            mapper,
                            Objects.requireNonNull(properties.baseUrl(), "problem() names a missing base-url"))
                    .auth(VendorAuth.bearerOrBasic(auth.token(), auth.username(), auth.password())
                            .orElseThrow(() -> new IllegalStateException("problem() names missing credentials")))
                    .failures(SccmConnector::windowsOnly)
                    .throttleWaits(properties.maxThrottleWait(), clock)
                    .build();
        });
    }

    private static @Nullable ConnectorException problem(SccmProperties properties) {
        SccmProperties.Auth auth = properties.auth();
        if (properties.baseUrl() == null) {
            return ConnectorErrors.notConfigured(
                    DESCRIPTOR, "base-url", "the SMS Provider's HTTPS URL, e.g. https://cm01.corp.example");
        }
        if (auth.token() != null || (auth.username() != null && auth.password() != null)) {
            return null;
        }
        if (auth.username() != null) {
            return ConnectorErrors.notConfigured(DESCRIPTOR, "auth.password", "the account's password");
        }
        return ConnectorErrors.notConfigured(
                DESCRIPTOR,
                "auth.username",
                "an account with a Configuration Manager security role (with auth.password), or set auth.token");
    }

    /** A 401 from a service that offers only Windows integrated authentication says so. */
    private static Optional<ConnectorException> windowsOnly(
            int status, String request, String explanation, HttpResult result) {
        String offered = String.join(
                ", ",
                result.headers().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("WWW-Authenticate"))
                        .map(Map.Entry::getValue)
                        .toList());
        String lower = offered.toLowerCase(Locale.ROOT);
        if (status != 401 || offered.isEmpty() || lower.contains("basic") || lower.contains("bearer")) {
            return Optional.empty();
        }
        return Optional.of(ConnectorException.permanent(
                "AuthenticationFailed",
                request + ": the service offers only Windows integrated authentication (" + offered + "), which"
                        + " this connector does not speak; put a reverse proxy that takes Basic over HTTPS in front"
                        + " of the SMS Provider and point " + PREFIX + ".base-url at it, or configure "
                        + PREFIX + ".auth.token",
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
            case "run_client_operation" -> ClientOperations.run(api(), context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    private VendorApi api() {
        return connection.api();
    }

    private Map<String, Object> testConnection(JobContext context) {
        VendorApi vendor = api();
        VendorResponse sites = vendor.send(VendorRequest.get(SITE), context);
        if (sites.array("value").isEmpty()) {
            throw sites.malformed("'value' is empty: the provider reports no site");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("site_code", sites.text("/value/0/SiteCode"));
        sites.optionalText("/value/0/SiteName").ifPresent(name -> result.put("site_name", name));
        sites.optionalText("/value/0/Version").ifPresent(version -> result.put("version", version));
        result.put("auth", vendor.auth().scheme());
        return result;
    }

    private Map<String, Object> fetchAssets(JobContext context) {
        VendorApi vendor = api();
        int size = properties.pageSize();
        VendorRequest first = VendorRequest.get(SYSTEMS)
                .withQuery("$select", String.join(",", SystemNormalizer.SELECT))
                .withQuery("$top", Integer.toString(size))
                .withQuery("$skip", "0");
        return Inventory.of(vendor, "value", paging(size), normalizer::normalize)
                .pageCap(properties.pageCap())
                .fetch(first, InventoryCollector.forJob(CONNECTOR, context, inventory, sink), context)
                .result();
    }

    /** The service's {@code @odata.nextLink} when it gives one, else {@code $skip} by the page's size. */
    static Paging paging(int size) {
        Paging offset = Paging.offset("$skip", size);
        return (request, page, items) -> {
            Optional<String> link = page.optionalText("@odata.nextLink");
            if (link.isPresent()) {
                return Optional.of(VendorRequest.follow(link.get()));
            }
            return request.isLink() ? Optional.empty() : offset.next(request, page, items);
        };
    }
}
