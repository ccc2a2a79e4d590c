package dev.connectorjobs.worker.connector.entraid;

import dev.connectorjobs.worker.connector.microsoft.MicrosoftAuth;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftProperties;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and as whom the {@code entra_id} connector reaches Microsoft Graph ({@code
 * jobs.connectors.entra-id.*}; environment {@code JOBS_CONNECTORS_ENTRA_ID_AUTH_TENANT_ID} and so
 * on). Timeouts, retries and the response size limit are the HTTP client's, under {@code
 * jobs.http.services.entra_id.*}.
 *
 * @param baseUrl Graph's v1.0 endpoint; default {@value #DEFAULT_BASE_URL}. A {@code delta_link}
 *     param is only followed when it points to this URL's origin
 * @param auth the app registration; it needs the application permissions {@value
 *     EntraIdConnector#PERMISSIONS}. Without its tenant id, client id and secret, jobs fail
 *     permanently with {@code ConnectorNotConfigured}
 * @param pageSize users or devices per page of a full read ({@code $top}), 1 to {@value
 *     #MAX_PAGE_SIZE}; default {@value #MAX_PAGE_SIZE}. Delta queries page as Graph chooses
 * @param pageCap most pages one job reads; a job that reaches it stops, says {@code
 *     page_cap_reached} and (reading a delta) returns no {@code delta_link}; default {@value
 *     #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     asking for the same page again; {@code 0s} leaves every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.entra-id")
record EntraIdProperties(
        @DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @DefaultValue @NestedConfigurationProperty MicrosoftAuth auth,
        @DefaultValue("" + MAX_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait)
        implements MicrosoftProperties {

    static final String PREFIX = "jobs.connectors.entra-id";
    static final String DEFAULT_BASE_URL = "https://graph.microsoft.com/v1.0";

    /** The most users or devices Graph returns in one page. */
    static final int MAX_PAGE_SIZE = 999;

    static final int DEFAULT_PAGE_CAP = 10_000;

    EntraIdProperties {
        MicrosoftSettings.check(
                PREFIX, baseUrl, DEFAULT_BASE_URL, auth, pageSize, MAX_PAGE_SIZE, pageCap, maxThrottleWait);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "EntraIdProperties[baseUrl=" + baseUrl + ", " + auth + ", pageSize=" + pageSize + ", pageCap=" + pageCap
                + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
