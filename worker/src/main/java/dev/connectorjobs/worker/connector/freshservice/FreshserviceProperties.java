package dev.connectorjobs.worker.connector.freshservice;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code freshservice} connector reaches Freshservice ({@code
 * jobs.connectors.freshservice.*}; environment {@code JOBS_CONNECTORS_FRESHSERVICE_BASE_URL},
 * {@code JOBS_CONNECTORS_FRESHSERVICE_AUTH_API_KEY} and so on). Timeouts, retries and the response
 * size limit are the HTTP client's, under {@code jobs.http.services.freshservice.*}.
 *
 * @param baseUrl the account's URL, e.g. {@code https://acme.freshservice.com}; {@code /api/v2/...}
 *     is appended. Without it, jobs fail permanently with {@code ConnectorNotConfigured}
 * @param auth the credentials
 * @param pageSize assets per page ({@code per_page}), 1 to {@value #MAX_PAGE_SIZE}; default
 *     {@value #DEFAULT_PAGE_SIZE}, the most Freshservice returns
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and
 *     says {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP} (a million assets at 100 a
 *     page)
 * @param maxThrottleWait longest {@code Retry-After} the connector waits out itself when Freshservice
 *     answers 429, before asking for the same page (or call) again, so a long inventory survives the
 *     per-minute plan limits without starting over; a longer wait, or one that would pass the job's
 *     time limit, fails the attempt as retryable {@code Throttled}. {@code 0s} leaves every wait to
 *     the job's retries; default 60 s (Freshservice limits per minute)
 */
@ConfigurationProperties("jobs.connectors.freshservice")
record FreshserviceProperties(
        @Nullable URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.freshservice";

    /** The most assets Freshservice returns in one page. */
    static final int MAX_PAGE_SIZE = 100;

    static final int DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * Credentials.
     *
     * @param apiKey an agent's API key (Profile settings in Freshservice), sent as HTTP Basic {@code
     *     <api-key>:X}. Without it, jobs fail permanently with {@code ConnectorNotConfigured}
     */
    record Auth(@Nullable String apiKey) {

        Auth {
            if (apiKey != null && (apiKey.isBlank() || apiKey.contains(":"))) {
                throw new IllegalArgumentException("jobs.connectors.freshservice.auth.api-key must be a Freshservice"
                        + " API key: not blank, without ':' (the connector adds the ':X' password itself)");
            }
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "Auth[apiKey=" + (apiKey == null ? "unset" : "***") + "]";
        }
    }

    FreshserviceProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, "https://acme.freshservice.com");
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "Freshservice returns at most " + MAX_PAGE_SIZE + " a page");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "FreshserviceProperties[baseUrl=" + baseUrl + ", " + auth + ", pageSize=" + pageSize + ", pageCap="
                + pageCap + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
