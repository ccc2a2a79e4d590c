package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code landscape} connector reaches Canonical Landscape ({@code
 * jobs.connectors.landscape.*}; environment {@code JOBS_CONNECTORS_LANDSCAPE_BASE_URL}, {@code
 * JOBS_CONNECTORS_LANDSCAPE_AUTH_ACCESS_KEY} and so on). Timeouts, retries and the response size
 * limit are the HTTP client's, under {@code jobs.http.services.landscape.*}.
 *
 * @param baseUrl the server's URL without {@code /api}: {@code https://landscape.canonical.com} for
 *     Landscape SaaS, or the self-hosted server's. Without it, jobs fail permanently with {@code
 *     ConnectorNotConfigured}
 * @param auth the credentials: an access key and secret key, or an e-mail address and password
 * @param account the account to log in to, for a login that belongs to several; default the login's
 *     default account
 * @param pageSize computers per page ({@code limit}), 1 to {@value #MAX_PAGE_SIZE}; default {@value
 *     #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and says
 *     {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} the connector waits out itself on a 429 before
 *     asking again; a longer one fails the attempt as retryable {@code Throttled}; {@code 0s} leaves
 *     every wait to the job's retries; default 60 s
 * @param pollInterval the first wait between two looks at a running script's activity; default 5 s
 * @param maxPollInterval the longest wait between two looks; the wait doubles up to it; default 60 s
 */
@ConfigurationProperties("jobs.connectors.landscape")
record LandscapeProperties(
        @Nullable URI baseUrl,
        @DefaultValue Auth auth,
        @Nullable String account,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("60s") Duration maxPollInterval) {

    static final String PREFIX = "jobs.connectors.landscape";
    static final int MAX_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_SIZE = 500;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * Credentials, one pair of the two.
     *
     * @param accessKey an API access key (Landscape: Account settings, API access), logged in with
     *     {@code POST /api/v2/login/access-key}; with {@code secret-key}
     * @param secretKey the access key's secret key
     * @param username an e-mail address of a Landscape user with a password, logged in with {@code
     *     POST /api/v2/login}; with {@code password}. Used when no access key is set
     * @param password that user's password
     */
    record Auth(
            @Nullable String accessKey,
            @Nullable String secretKey,
            @Nullable String username,
            @Nullable String password) {

        Auth {
            pair(accessKey, secretKey, "access-key", "secret-key");
            pair(username, password, "username", "password");
        }

        private static void pair(@Nullable String first, @Nullable String second, String a, String b) {
            if ((first == null) != (second == null)) {
                throw new IllegalArgumentException(
                        PREFIX + ".auth." + a + " and " + PREFIX + ".auth." + b + " go together: set both or neither");
            }
            if ((first != null && first.isBlank()) || (second != null && second.isBlank())) {
                throw new IllegalArgumentException(
                        PREFIX + ".auth." + a + " and " + PREFIX + ".auth." + b + " must not be blank");
            }
        }

        /** Whether an access key or a username is set. */
        boolean isSet() {
            return accessKey != null || username != null;
        }

        /** Never shows the secrets. */
        @Override
        public String toString() {
            return "Auth[accessKey=" + (accessKey == null ? "unset" : "***") + ", username="
                    + (username == null ? "unset" : "***") + "]";
        }
    }

    LandscapeProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, "https://landscape.canonical.com");
        if (account != null && account.isBlank()) {
            account = null;
        }
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "the most computers the connector asks Landscape for in one page");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
        ConnectorSettings.pollIntervals(PREFIX, pollInterval, maxPollInterval);
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "LandscapeProperties[baseUrl=" + baseUrl + ", " + auth + ", account=" + account + ", pageSize="
                + pageSize + ", pageCap=" + pageCap + ", maxThrottleWait=" + maxThrottleWait + ", pollInterval="
                + pollInterval + ", maxPollInterval=" + maxPollInterval + "]";
    }
}
