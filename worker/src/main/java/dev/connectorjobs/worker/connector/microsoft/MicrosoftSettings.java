package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.worker.connector.kit.VendorUrls;
import java.net.URI;
import java.time.Duration;

/** The checks every Microsoft connector's properties record makes of the settings they share. */
public final class MicrosoftSettings {

    private MicrosoftSettings() {}

    /**
     * Checks the shared settings of the connector at {@code prefix}.
     *
     * @param example a valid base URL, for the message
     * @param maxPageSize the most items the vendor returns in a page
     * @throws IllegalArgumentException naming the property of the first wrong value
     */
    public static void check(
            String prefix,
            URI baseUrl,
            String example,
            MicrosoftAuth auth,
            int pageSize,
            int maxPageSize,
            int pageCap,
            Duration maxThrottleWait) {
        VendorUrls.check(baseUrl, prefix + ".base-url", example);
        auth.check(prefix);
        if (pageSize < 1 || pageSize > maxPageSize) {
            throw new IllegalArgumentException(prefix + ".page-size must be between 1 and " + maxPageSize
                    + " (the most the API returns in a page); was " + pageSize);
        }
        if (pageCap < 1) {
            throw new IllegalArgumentException(prefix + ".page-cap must be positive; was " + pageCap);
        }
        if (maxThrottleWait.isNegative()) {
            throw new IllegalArgumentException(prefix + ".max-throttle-wait must not be negative; use 0s to leave"
                    + " every 429 to the job's retries");
        }
    }
}
