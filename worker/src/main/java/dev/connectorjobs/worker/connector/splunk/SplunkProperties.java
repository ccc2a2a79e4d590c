package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import dev.connectorjobs.worker.connector.kit.VendorUrls;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code splunk} connector reaches Splunk ({@code jobs.connectors.splunk.*};
 * environment {@code JOBS_CONNECTORS_SPLUNK_BASE_URL}, {@code JOBS_CONNECTORS_SPLUNK_AUTH_TOKEN} and
 * so on): the REST API on the management port for {@code search}, the HTTP Event Collector for
 * {@code send_events}. Either may be configured alone. Timeouts, retries and the response size limit
 * are the HTTP client's, under {@code jobs.http.services.splunk.*}.
 *
 * @param baseUrl the REST API (management port), e.g. {@code https://splunk.example.com:8089} or
 *     {@code https://acme.splunkcloud.com:8089}; {@code /services/...} is appended. Without it, {@code
 *     search} fails with {@code ConnectorNotConfigured}
 * @param hecUrl the HTTP Event Collector, e.g. {@code https://splunk.example.com:8088} or {@code
 *     https://http-inputs-acme.splunkcloud.com}; {@code /services/collector/event} is appended.
 *     Without it, {@code send_events} fails with {@code ConnectorNotConfigured}
 * @param auth the credentials: a token or a user and password for the REST API, a HEC token
 * @param pageSize results per page ({@code count}) when reading a finished search job, 1 to {@value
 *     #MAX_PAGE_SIZE} (Splunk's default {@code maxresultrows}); default {@value #DEFAULT_PAGE_SIZE}
 * @param batchSize events per HEC request, 1 to {@value #MAX_BATCH_SIZE}; default {@value
 *     #DEFAULT_BATCH_SIZE}
 * @param pollInterval first wait between two looks at a running search job; default 1 s
 * @param maxPollInterval the longest wait between two looks; the wait doubles up to it; default 10 s
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     asking again; longer waits fail the attempt as retryable {@code Throttled}. {@code 0s} leaves
 *     every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.splunk")
record SplunkProperties(
        @Nullable URI baseUrl,
        @Nullable URI hecUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_BATCH_SIZE) int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10s") Duration maxPollInterval,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.splunk";

    /** Splunk's default {@code maxresultrows}: the most results one request returns. */
    static final int MAX_PAGE_SIZE = 50_000;

    static final int DEFAULT_PAGE_SIZE = 1000;
    static final int MAX_BATCH_SIZE = 10_000;
    static final int DEFAULT_BATCH_SIZE = 100;

    /**
     * Credentials: for the REST API either {@code token}, or {@code username} and {@code password};
     * for the HTTP Event Collector {@code hec-token}.
     *
     * @param token a Splunk authentication token (Settings, Tokens), sent as {@code Authorization:
     *     Bearer <token>}
     * @param username a Splunk user for HTTP Basic, instead of {@code token}
     * @param password that user's password
     * @param hecToken an HTTP Event Collector token (Settings, Data inputs, HTTP Event Collector), sent
     *     as {@code Authorization: Splunk <hec-token>}
     */
    record Auth(
            @Nullable String token,
            @Nullable String username,
            @Nullable String password,
            @Nullable String hecToken) {

        Auth {
            ConnectorSettings.tokenOrUser(PREFIX, token, username, password, "a Splunk user name");
            if (hecToken != null && hecToken.isBlank()) {
                throw new IllegalArgumentException(
                        PREFIX + ".auth.hec-token (JOBS_CONNECTORS_SPLUNK_AUTH_HEC_TOKEN) must not be blank; leave it"
                                + " unset");
            }
        }

        /** Never shows the secrets. */
        @Override
        public String toString() {
            return "Auth[token=" + (token == null ? "unset" : "***") + ", username=" + username + ", password="
                    + (password == null ? "unset" : "***") + ", hecToken=" + (hecToken == null ? "unset" : "***")
                    + "]";
        }
    }

    SplunkProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, "https://splunk.example.com:8089");
        VendorUrls.check(hecUrl, PREFIX + ".hec-url", "https://splunk.example.com:8088");
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "Splunk returns at most " + MAX_PAGE_SIZE + " results a request");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    PREFIX + ".batch-size must be between 1 and " + MAX_BATCH_SIZE + " (events per HEC request); was "
                            + batchSize + " (environment JOBS_CONNECTORS_SPLUNK_BATCH_SIZE)");
        }
        ConnectorSettings.pollIntervals(PREFIX, pollInterval, maxPollInterval);
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
    }

    /** Never shows the secrets. */
    @Override
    public String toString() {
        return "SplunkProperties[baseUrl=" + baseUrl + ", hecUrl=" + hecUrl + ", " + auth + ", pageSize=" + pageSize
                + ", batchSize=" + batchSize + ", pollInterval=" + pollInterval + ", maxPollInterval="
                + maxPollInterval + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
