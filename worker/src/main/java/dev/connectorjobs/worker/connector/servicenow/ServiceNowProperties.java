package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the {@code servicenow} connector finds the instance and how it signs in ({@code
 * jobs.connectors.servicenow.*}; environment {@code JOBS_CONNECTORS_SERVICENOW_BASE_URL}, {@code
 * JOBS_CONNECTORS_SERVICENOW_AUTH_PASSWORD} and so on). Timeouts, retries and the pool of the
 * HTTP client are under {@code jobs.http.services.servicenow.*}, the breaker under {@code
 * jobs.breakers.servicenow.*}.
 *
 * <p>Without a base URL or credentials the worker still starts, and {@code servicenow} jobs fail
 * permanently with {@code ConnectorNotConfigured}, naming the property to set. Contradictory
 * values (half a credential pair, a page size out of range) stop the worker at start-up.
 *
 * @param baseUrl the instance, e.g. {@code https://acme.service-now.com}; API paths such as {@code
 *     /api/now/table/cmdb_ci} are appended to it
 * @param auth the credentials
 * @param pageSize records per page of {@code fetch_assets} ({@code sysparm_limit}), 1 to {@value
 *     #MAX_PAGE_SIZE}; default {@value #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job reads; it stops there and says {@code
 *     page_cap_reached} in its result; default {@value #DEFAULT_PAGE_CAP}
 * @param fields the CI fields {@code fetch_assets} reads ({@code sysparm_fields}) when the job
 *     names none; {@code sys_id} is always read; default: the fields the normalized asset needs
 *     plus class, asset tag, MAC address, FQDN, manufacturer, model, location and status
 */
@ConfigurationProperties("jobs.connectors.servicenow")
record ServiceNowProperties(
        @Nullable URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,

        @DefaultValue({
            "sys_id",
            "name",
            "sys_class_name",
            "serial_number",
            "asset_tag",
            "os",
            "os_version",
            "ip_address",
            "mac_address",
            "fqdn",
            "manufacturer",
            "model_id",
            "location",
            "operational_status",
            "install_status",
            "sys_updated_on"
        })
        List<String> fields) {

    /** Prefix of every property, as documented. */
    static final String PREFIX = "jobs.connectors.servicenow";

    /** Records per page unless configured: what ServiceNow itself recommends for bulk reads. */
    static final int DEFAULT_PAGE_SIZE = 1000;

    /** The largest {@code sysparm_limit} the Table API serves in one page. */
    static final int MAX_PAGE_SIZE = 10_000;

    /** Pages one job reads at most unless configured: 1,000,000 CIs at the default page size. */
    static final int DEFAULT_PAGE_CAP = 1000;

    /** A field name, dot-walked or not ({@code location.name}). */
    static final Pattern FIELD = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    /**
     * The credentials. Either Basic ({@code username} and {@code password}) or OAuth ({@code
     * client-id} and {@code client-secret}); with OAuth, {@code username} and {@code password}
     * select the password grant, and without them the client-credentials grant (which the
     * instance must enable, Washington DC or later). Tokens come from {@code POST
     * /oauth_token.do}, are kept until shortly before they expire, and are renewed once when the
     * instance answers 401.
     *
     * @param username the integration user (Basic, or OAuth password grant)
     * @param password its password
     * @param clientId the OAuth client id from the instance's Application Registry
     * @param clientSecret the OAuth client secret
     */
    record Auth(
            @Nullable String username,
            @Nullable String password,
            @Nullable String clientId,
            @Nullable String clientSecret) {

        Auth {
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException(
                        PREFIX + ".auth.username and .auth.password go together; set both or neither");
            }
            if ((clientId == null) != (clientSecret == null)) {
                throw new IllegalArgumentException(
                        PREFIX + ".auth.client-id and .auth.client-secret go together; set both or neither");
            }
        }

        /** How requests are authenticated. */
        AuthMode mode() {
            if (clientId != null) {
                return username != null ? AuthMode.OAUTH_PASSWORD : AuthMode.OAUTH_CLIENT_CREDENTIALS;
            }
            return username != null ? AuthMode.BASIC : AuthMode.NONE;
        }

        /** Never shows the credentials. */
        @Override
        public String toString() {
            return "Auth[" + mode() + "]";
        }
    }

    /** The ways of signing in. */
    enum AuthMode {
        NONE,
        BASIC,
        OAUTH_PASSWORD,
        OAUTH_CLIENT_CREDENTIALS
    }

    ServiceNowProperties {
        if (baseUrl != null) {
            String scheme = baseUrl.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || baseUrl.getHost() == null
                    || baseUrl.getRawQuery() != null
                    || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException(PREFIX + ".base-url must be an http(s) URL with a host and"
                        + " without query or fragment, e.g. https://acme.service-now.com");
            }
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException(PREFIX + ".base-url must not carry credentials; set " + PREFIX
                        + ".auth.username and .auth.password instead");
            }
        }
        ConnectorSettings.pageSize(PREFIX, pageSize, MAX_PAGE_SIZE, "the most the Table API returns in a page");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        fields = List.copyOf(fields);
        for (String field : fields) {
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException(
                        PREFIX + ".fields holds '" + field + "', which is not a field name ([a-z0-9_], dot-walked)");
            }
        }
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "ServiceNowProperties[baseUrl=" + baseUrl + ", auth=" + auth + ", pageSize=" + pageSize + ", pageCap="
                + pageCap + ", fields=" + fields + "]";
    }
}
