package dev.connectorjobs.worker.connector.jamf;

import dev.connectorjobs.worker.connector.kit.VendorUrls;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code jamf} connector reaches a Jamf Pro server ({@code jobs.connectors.jamf.*};
 * environment {@code JOBS_CONNECTORS_JAMF_BASE_URL}, {@code JOBS_CONNECTORS_JAMF_AUTH_CLIENT_ID} and
 * so on). Timeouts, retries and the response size limit are the HTTP client's, under {@code
 * jobs.http.services.jamf.*}.
 *
 * @param baseUrl the server's URL, e.g. {@code https://acme.jamfcloud.com}; {@code /api/...} is
 *     appended. Without it, jobs fail permanently with {@code ConnectorNotConfigured}
 * @param auth the credentials: an API client (preferred) or a user account
 * @param pageSize records per page ({@code page-size}), 1 to {@value #MAX_PAGE_SIZE}; default
 *     {@value #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one inventory job reads; a job that reaches it stops and says {@code
 *     page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     asking for the same page again; a longer one, or one past the job's time limit, fails the
 *     attempt as retryable {@code Throttled}. {@code 0s} leaves every wait to the job's retries;
 *     default 60 s
 */
@ConfigurationProperties("jobs.connectors.jamf")
record JamfProperties(
        @Nullable URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.jamf";

    /** The most records the Jamf Pro API returns in one page. */
    static final int MAX_PAGE_SIZE = 2000;

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * Credentials: either an API client (Jamf Pro 10.49 and later; {@code POST /api/oauth/token}, client
     * credentials) or a user account ({@code POST /api/v1/auth/token} with HTTP Basic, then bearer
     * tokens kept alive), not both. Blank values count as unset.
     *
     * @param clientId the API client's id (Settings, API roles and clients)
     * @param clientSecret the API client's secret
     * @param username a Jamf Pro user account with the privileges the operations need
     * @param password its password
     */
    record Auth(
            @Nullable String clientId,
            @Nullable String clientSecret,
            @Nullable String username,
            @Nullable String password) {

        Auth {
            clientId = blankIsNull(clientId);
            clientSecret = blankIsNull(clientSecret);
            username = blankIsNull(username);
            password = blankIsNull(password);
            if ((clientId != null || clientSecret != null) && (username != null || password != null)) {
                throw new IllegalArgumentException(PREFIX + ".auth: set either client-id and client-secret (an API"
                        + " client) or username and password (a user account), not both");
            }
            if (username != null && username.contains(":")) {
                throw new IllegalArgumentException(PREFIX + ".auth.username must not contain ':'");
            }
        }

        /** Whether an API client is configured, both id and secret. */
        boolean isClient() {
            return clientId != null && clientSecret != null;
        }

        /** Whether a user account is configured, both name and password. */
        boolean isUser() {
            return username != null && password != null;
        }

        /** Never shows the secrets. */
        @Override
        public String toString() {
            return "Auth[clientId=" + (clientId == null ? "unset" : clientId) + ", clientSecret="
                    + (clientSecret == null ? "unset" : "***") + ", username=" + (username == null ? "unset" : "***")
                    + ", password=" + (password == null ? "unset" : "***") + "]";
        }
    }

    JamfProperties {
        VendorUrls.check(baseUrl, PREFIX + ".base-url", "https://acme.jamfcloud.com");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(PREFIX + ".page-size must be between 1 and " + MAX_PAGE_SIZE
                    + " (the most the Jamf Pro API returns a page); was " + pageSize);
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
