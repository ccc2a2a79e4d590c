package dev.connectorjobs.worker.connector.androidenterprise;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import dev.connectorjobs.worker.connector.kit.VendorUrls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code android_enterprise} connector reaches the Android Management API ({@code
 * jobs.connectors.android-enterprise.*}; environment {@code
 * JOBS_CONNECTORS_ANDROID_ENTERPRISE_ENTERPRISE_ID}, {@code
 * JOBS_CONNECTORS_ANDROID_ENTERPRISE_AUTH_PRIVATE_KEY_FILE} and so on). Timeouts, retries and the
 * response size limit are the HTTP client's, under {@code jobs.http.services.android_enterprise.*}.
 *
 * @param baseUrl the API's URL, default {@value #DEFAULT_BASE_URL}; {@code /enterprises/...} is
 *     appended
 * @param enterpriseId the enterprise whose devices are read, e.g. {@code LC01234567} (the last part of
 *     its name {@code enterprises/LC01234567}). Without it (or blank), jobs fail permanently with
 *     {@code ConnectorNotConfigured}
 * @param auth the service account
 * @param pageSize devices per page ({@code pageSize}), 1 to {@value #MAX_PAGE_SIZE}; default {@value
 *     #MAX_PAGE_SIZE}, the most Google returns
 * @param pageCap most pages one {@code fetch_assets} job reads; a job that reaches it stops and says
 *     {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     asking for the same page again; a longer one fails the attempt as retryable {@code Throttled}.
 *     {@code 0s} leaves every wait to the job's retries; default 60 s (Google's quotas are per minute)
 */
@ConfigurationProperties("jobs.connectors.android-enterprise")
record AndroidEnterpriseProperties(
        @DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @Nullable String enterpriseId,
        @DefaultValue Auth auth,
        @DefaultValue("" + MAX_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.android-enterprise";
    static final String DEFAULT_BASE_URL = "https://androidmanagement.googleapis.com/v1";
    static final String DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token";

    /** The most devices Google returns in one page (larger requests are cut to it). */
    static final int MAX_PAGE_SIZE = 100;

    static final int DEFAULT_PAGE_CAP = 10_000;

    private static final Pattern ENTERPRISE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * The service account the connector acts as.
     *
     * @param tokenUrl where tokens are asked for, default {@value #DEFAULT_TOKEN_URL}
     * @param privateKeyFile the service account's JSON key file, as Google issued it ({@code
     *     client_email}, {@code private_key_id}, {@code private_key}); read once at start-up. Without
     *     it, or when it cannot be read, jobs fail permanently with {@code ConnectorNotConfigured}
     *     (the worker still starts, so that its other connectors run)
     */
    record Auth(
            @DefaultValue(DEFAULT_TOKEN_URL) URI tokenUrl,
            @Nullable Path privateKeyFile) {

        Auth {
            VendorUrls.check(tokenUrl, PREFIX + ".auth.token-url", DEFAULT_TOKEN_URL);
        }
    }

    AndroidEnterpriseProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, DEFAULT_BASE_URL);
        enterpriseId = enterpriseId == null || enterpriseId.isBlank() ? null : enterpriseId;
        if (enterpriseId != null && !ENTERPRISE_ID.matcher(enterpriseId).matches()) {
            throw new IllegalArgumentException(PREFIX + ".enterprise-id must be an enterprise id such as LC01234567"
                    + " (the last part of the enterprise's name enterprises/LC01234567: letters, digits, '-' and"
                    + " '_'); was '" + enterpriseId + "'");
        }
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "Google returns at most " + MAX_PAGE_SIZE + " devices a page");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
    }
}
