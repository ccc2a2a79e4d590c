package dev.connectorjobs.worker.connector.datadog;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code datadog} connector reaches Datadog ({@code jobs.connectors.datadog.*};
 * environment {@code JOBS_CONNECTORS_DATADOG_BASE_URL}, {@code JOBS_CONNECTORS_DATADOG_AUTH_API_KEY}
 * and so on). Timeouts, retries and the response size limit are the HTTP client's, under {@code
 * jobs.http.services.datadog.*}.
 *
 * @param baseUrl the API of the organization's Datadog site: {@code https://api.datadoghq.com} (US1,
 *     the default), {@code https://api.us3.datadoghq.com}, {@code https://api.us5.datadoghq.com},
 *     {@code https://api.datadoghq.eu}, {@code https://api.ap1.datadoghq.com} or {@code
 *     https://api.ddog-gov.com}; {@code /api/v1/...} is appended. Keys work only on their own site
 * @param auth the API key, and the application key for reads
 * @param pageSize hosts per page ({@code count}), 1 to {@value #MAX_PAGE_SIZE}; default {@value
 *     #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and says
 *     {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest rate-limit wait ({@code X-RateLimit-Reset}, seconds until the limit
 *     resets) the connector waits out itself before sending the same request again; a longer one, or
 *     one past the job's time limit, fails the attempt as retryable {@code Throttled} carrying the wait.
 *     {@code 0s} leaves every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.datadog")
record DatadogProperties(
        @DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.datadog";
    static final String DEFAULT_BASE_URL = "https://api.datadoghq.com";

    /** The most hosts {@code GET /api/v1/hosts} returns a page. */
    static final int MAX_PAGE_SIZE = 1000;

    static final int DEFAULT_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * Credentials, sent as headers (Datadog takes no Bearer or Basic).
     *
     * @param apiKey an API key of the organization (Organization settings, API keys), sent as {@code
     *     DD-API-KEY} on every request
     * @param applicationKey an application key (Organization settings, Application keys; scope {@code
     *     hosts_read}), sent as {@code DD-APPLICATION-KEY} on reads ({@code fetch_assets})
     */
    record Auth(@Nullable String apiKey, @Nullable String applicationKey) {

        Auth {
            if (apiKey != null && apiKey.isBlank()) {
                throw new IllegalArgumentException(
                        PREFIX + ".auth.api-key (JOBS_CONNECTORS_DATADOG_AUTH_API_KEY) must not be blank");
            }
            if (applicationKey != null && applicationKey.isBlank()) {
                throw new IllegalArgumentException(PREFIX
                        + ".auth.application-key (JOBS_CONNECTORS_DATADOG_AUTH_APPLICATION_KEY) must not be blank");
            }
        }

        /** Never shows the keys. */
        @Override
        public String toString() {
            return "Auth[apiKey=" + (apiKey == null ? "unset" : "***") + ", applicationKey="
                    + (applicationKey == null ? "unset" : "***") + "]";
        }
    }

    DatadogProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, DEFAULT_BASE_URL);
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "Datadog returns at most " + MAX_PAGE_SIZE + " hosts a page");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
    }

    /** Never shows the keys. */
    @Override
    public String toString() {
        return "DatadogProperties[baseUrl=" + baseUrl + ", " + auth + ", pageSize=" + pageSize + ", pageCap=" + pageCap
                + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
