package dev.connectorjobs.worker.connector.abm;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import dev.connectorjobs.worker.connector.kit.VendorUrls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code abm} connector reaches the Apple Business Manager API ({@code
 * jobs.connectors.abm.*}; environment {@code JOBS_CONNECTORS_ABM_AUTH_CLIENT_ID}, {@code
 * JOBS_CONNECTORS_ABM_AUTH_KEY_ID}, {@code JOBS_CONNECTORS_ABM_AUTH_PRIVATE_KEY_FILE} and so on).
 * Timeouts, retries and the response size limit are the HTTP client's, under {@code
 * jobs.http.services.abm.*}.
 *
 * @param baseUrl the API's URL, default {@value #DEFAULT_BASE_URL}; {@code /orgDevices} and {@code
 *     /mdmServers} are appended
 * @param auth the API account
 * @param pageSize devices per page ({@code limit}), 1 to {@value #MAX_PAGE_SIZE}; default {@value
 *     #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and says
 *     {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     asking for the same page again; a longer one fails the attempt as retryable {@code Throttled}.
 *     {@code 0s} leaves every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.abm")
record AbmProperties(
        @DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.abm";
    static final String DEFAULT_BASE_URL = "https://api-business.apple.com/v1";
    static final String DEFAULT_TOKEN_URL = "https://account.apple.com/auth/oauth2/token";

    /** The most devices one page may hold: 1000, as in Apple's other JSON:API services (unverified for this API). */
    static final int MAX_PAGE_SIZE = 1000;

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * The API account (Apple Business Manager, Preferences, API), whose key signs the client
     * assertion of every token request. Without any of the three, or when the key file cannot be
     * read, jobs fail permanently with {@code ConnectorNotConfigured} (the worker still starts, so
     * that its other connectors run).
     *
     * @param tokenUrl where tokens are asked for, default {@value #DEFAULT_TOKEN_URL}
     * @param clientId the account's client id, e.g. {@code BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152}
     * @param keyId the id of the account's key, e.g. {@code d136aa66-0c3b-4bd4-9892-c20e8db024ab}
     * @param privateKeyFile the PEM file of the P-256 private key Apple generated for the account; read
     *     once at start-up
     */
    record Auth(
            @DefaultValue(DEFAULT_TOKEN_URL) URI tokenUrl,
            @Nullable String clientId,
            @Nullable String keyId,
            @Nullable Path privateKeyFile) {

        Auth {
            VendorUrls.check(tokenUrl, PREFIX + ".auth.token-url", DEFAULT_TOKEN_URL);
            clientId = clientId == null || clientId.isBlank() ? null : clientId.trim();
            keyId = keyId == null || keyId.isBlank() ? null : keyId.trim();
        }
    }

    AbmProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, DEFAULT_BASE_URL);
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "Apple returns at most " + MAX_PAGE_SIZE + " devices a page");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
    }
}
