package dev.connectorjobs.worker.connector.intune;

import dev.connectorjobs.worker.connector.microsoft.MicrosoftAuth;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftProperties;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and as whom the {@code intune} connector reaches Microsoft Graph ({@code
 * jobs.connectors.intune.*}; environment {@code JOBS_CONNECTORS_INTUNE_AUTH_TENANT_ID} and so on).
 * Timeouts, retries and the response size limit are the HTTP client's, under {@code
 * jobs.http.services.intune.*}.
 *
 * @param baseUrl Graph's v1.0 endpoint; default {@value #DEFAULT_BASE_URL} (another for national
 *     clouds)
 * @param auth the app registration; it needs the application permission {@value
 *     IntuneConnector#PERMISSIONS}. Without its tenant id, client id and secret, jobs fail
 *     permanently with {@code ConnectorNotConfigured}
 * @param pageSize managed devices per page ({@code $top}), 1 to {@value #MAX_PAGE_SIZE}; default
 *     {@value #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and says
 *     {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     asking for the same page again; a longer one fails the attempt as retryable {@code Throttled};
 *     {@code 0s} leaves every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.intune")
record IntuneProperties(
        @DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @DefaultValue @NestedConfigurationProperty MicrosoftAuth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait)
        implements MicrosoftProperties {

    static final String PREFIX = "jobs.connectors.intune";
    static final String DEFAULT_BASE_URL = "https://graph.microsoft.com/v1.0";
    static final int MAX_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_CAP = 10_000;

    IntuneProperties {
        MicrosoftSettings.check(
                PREFIX, baseUrl, DEFAULT_BASE_URL, auth, pageSize, MAX_PAGE_SIZE, pageCap, maxThrottleWait);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "IntuneProperties[baseUrl=" + baseUrl + ", " + auth + ", pageSize=" + pageSize + ", pageCap=" + pageCap
                + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
