package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code ansible} connector reaches AWX or Ansible Automation Platform ({@code
 * jobs.connectors.ansible.*}; environment {@code JOBS_CONNECTORS_ANSIBLE_BASE_URL}, {@code
 * JOBS_CONNECTORS_ANSIBLE_AUTH_TOKEN} and so on). Timeouts, retries and the response size limit are the
 * HTTP client's, under {@code jobs.http.services.ansible.*}.
 *
 * @param baseUrl the AWX URL, e.g. {@code https://awx.example.com}; {@code /api/v2/...} is appended.
 *     Without it, jobs fail permanently with {@code ConnectorNotConfigured}
 * @param auth the credentials: a token, or a user name and password
 * @param pageSize hosts (and host summaries, and jobs in a marker lookup) per page ({@code page_size}),
 *     1 to {@value #MAX_PAGE_SIZE} (AWX's default {@code MAX_PAGE_SIZE}); default {@value
 *     #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job (or one host summary) reads; a job that
 *     reaches it stops and says {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param pollInterval first wait between two polls of a launched AWX job; default 2 s
 * @param maxPollInterval the wait between polls grows by half each time up to this; default 30 s
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     sending the same request again; longer waits fail the attempt as retryable {@code Throttled}.
 *     {@code 0s} leaves every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.ansible")
record AnsibleProperties(
        @Nullable URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("30s") Duration maxPollInterval,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.ansible";

    /** The largest {@code page_size} AWX serves unless its {@code MAX_PAGE_SIZE} setting was raised. */
    static final int MAX_PAGE_SIZE = 200;

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * Credentials: either {@code token}, or {@code username} and {@code password}.
     *
     * @param token an OAuth2 personal access token (AWX user, Tokens), sent as {@code Authorization:
     *     Bearer <token>}
     * @param username a user for HTTP Basic (when AWX allows Basic authentication)
     * @param password that user's password
     */
    record Auth(
            @Nullable String token,
            @Nullable String username,
            @Nullable String password) {

        Auth {
            ConnectorSettings.tokenOrUser(PREFIX, token, username, password, "an AWX user name");
        }

        /** Whether any credential is set. */
        boolean isSet() {
            return token != null || username != null;
        }

        /** Never shows the secrets. */
        @Override
        public String toString() {
            return "Auth[token=" + (token == null ? "unset" : "***") + ", username=" + username + ", password="
                    + (password == null ? "unset" : "***") + "]";
        }
    }

    AnsibleProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, "https://awx.example.com");
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "AWX serves at most " + MAX_PAGE_SIZE + " a page by default");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
        ConnectorSettings.pollIntervals(PREFIX, pollInterval, maxPollInterval);
    }

    /** Never shows the secrets. */
    @Override
    public String toString() {
        return "AnsibleProperties[baseUrl=" + baseUrl + ", " + auth + ", pageSize=" + pageSize + ", pageCap="
                + pageCap + ", pollInterval=" + pollInterval + ", maxPollInterval=" + maxPollInterval
                + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
