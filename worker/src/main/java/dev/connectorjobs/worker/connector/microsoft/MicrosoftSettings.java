package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
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
        ConnectorSettings.baseUrl(prefix, baseUrl, example);
        auth.check(prefix);
        ConnectorSettings.pageSize(prefix, pageSize, maxPageSize, "the most the API returns in a page");
        ConnectorSettings.pageCap(prefix, pageCap);
        ConnectorSettings.maxThrottleWait(prefix, maxThrottleWait);
    }
}
