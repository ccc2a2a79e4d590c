package dev.connectorjobs.worker.connector.defender;

import dev.connectorjobs.worker.connector.microsoft.MicrosoftAuth;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftProperties;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and as whom the {@code defender} connector reaches the Defender for Endpoint API ({@code
 * jobs.connectors.defender.*}; environment {@code JOBS_CONNECTORS_DEFENDER_AUTH_TENANT_ID} and so
 * on). Timeouts, retries and the response size limit are the HTTP client's, under {@code
 * jobs.http.services.defender.*}.
 *
 * @param baseUrl the API's endpoint; default {@value #DEFAULT_BASE_URL} ({@code /api/machines} is
 *     appended; a regional endpoint such as {@code https://eu.api.security.microsoft.com} works too)
 * @param auth the app registration; it needs the application permissions {@value
 *     DefenderConnector#PERMISSIONS} of the WindowsDefenderATP API. Without its tenant id, client id
 *     and secret, jobs fail permanently with {@code ConnectorNotConfigured}
 * @param pageSize machines per page ({@code $top}), 1 to {@value #MAX_PAGE_SIZE}; default {@value
 *     #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and says
 *     {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     sending the same request again. The API allows 100 calls a minute and 1,500 an hour, so a 429
 *     usually asks for well under a minute; a longer wait fails the attempt as retryable {@code
 *     Throttled} with the wait, and the job's retry comes after it. {@code 0s} leaves every wait to
 *     the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.defender")
record DefenderProperties(
        @DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @DefaultValue @NestedConfigurationProperty MicrosoftAuth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait)
        implements MicrosoftProperties {

    static final String PREFIX = "jobs.connectors.defender";
    static final String DEFAULT_BASE_URL = "https://api.security.microsoft.com";

    /** The most machines the API returns in one page ({@code $top}). */
    static final int MAX_PAGE_SIZE = 10_000;

    static final int DEFAULT_PAGE_SIZE = 1_000;
    static final int DEFAULT_PAGE_CAP = 1_000;

    DefenderProperties {
        MicrosoftSettings.check(
                PREFIX, baseUrl, DEFAULT_BASE_URL, auth, pageSize, MAX_PAGE_SIZE, pageCap, maxThrottleWait);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "DefenderProperties[baseUrl=" + baseUrl + ", " + auth + ", pageSize=" + pageSize + ", pageCap=" + pageCap
                + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
