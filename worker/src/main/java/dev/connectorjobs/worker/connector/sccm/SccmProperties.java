package dev.connectorjobs.worker.connector.sccm;

import dev.connectorjobs.worker.connector.kit.VendorUrls;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code sccm} connector reaches a Configuration Manager administration service
 * ({@code jobs.connectors.sccm.*}; environment {@code JOBS_CONNECTORS_SCCM_BASE_URL}, {@code
 * JOBS_CONNECTORS_SCCM_AUTH_USERNAME} and so on). Timeouts, retries and the response size limit are
 * the HTTP client's, under {@code jobs.http.services.sccm.*}.
 *
 * <p>Authentication is HTTP Basic or a bearer token, each on every request; see {@link
 * SccmConnector} for why not Windows integrated authentication.
 *
 * @param baseUrl the SMS Provider's (or its reverse proxy's) URL, e.g. {@code
 *     https://cm01.corp.example}; {@code /AdminService/...} is appended. Use HTTPS: Basic sends the
 *     password with every request. Without it, jobs fail permanently with {@code
 *     ConnectorNotConfigured}
 * @param auth the credentials
 * @param pageSize devices per page ({@code $top}), 1 to {@value #MAX_PAGE_SIZE}; default {@value
 *     #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and says
 *     {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself
 *     before asking again; {@code 0s} leaves every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.sccm")
record SccmProperties(
        @Nullable URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.sccm";
    static final int MAX_PAGE_SIZE = 5000;
    static final int DEFAULT_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * Credentials, blank values counting as unset: a user name and password (HTTP Basic), or a bearer
     * token, not both.
     *
     * @param username an account with a Configuration Manager security role that may read devices (and
     *     notify clients), e.g. {@code CORP\svc-cm-api} or {@code svc-cm-api@corp.example}
     * @param password its password
     * @param token a bearer token the AdminService (or the proxy in front of it) accepts, e.g. an Entra
     *     ID access token for the cloud management gateway; sent as {@code Authorization: Bearer}
     */
    record Auth(
            @Nullable String username,
            @Nullable String password,
            @Nullable String token) {

        Auth {
            username = blankIsNull(username);
            password = blankIsNull(password);
            token = blankIsNull(token);
            if (token != null && (username != null || password != null)) {
                throw new IllegalArgumentException(
                        PREFIX + ".auth: set either username and password, or token, not both");
            }
            if (username != null && username.contains(":")) {
                throw new IllegalArgumentException(PREFIX + ".auth.username must not contain ':' (HTTP Basic"
                        + " cannot carry it); use DOMAIN\\user or user@domain");
            }
        }

        /** Never shows the secrets. */
        @Override
        public String toString() {
            return "Auth[username=" + (username == null ? "unset" : username) + ", password="
                    + (password == null ? "unset" : "***") + ", token=" + (token == null ? "unset" : "***") + "]";
        }
    }

    SccmProperties {
        VendorUrls.check(baseUrl, PREFIX + ".base-url", "https://cm01.corp.example");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    PREFIX + ".page-size must be between 1 and " + MAX_PAGE_SIZE + "; was " + pageSize);
        }
        if (pageCap < 1) {
            throw new IllegalArgumentException(PREFIX + ".page-cap must be positive; was " + pageCap);
        }
        if (maxThrottleWait.isNegative()) {
            throw new IllegalArgumentException(PREFIX + ".max-throttle-wait must not be negative");
        }
    }

    private static @Nullable String blankIsNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
