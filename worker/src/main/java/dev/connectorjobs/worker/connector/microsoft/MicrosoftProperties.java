package dev.connectorjobs.worker.connector.microsoft;

import java.net.URI;
import java.time.Duration;

/**
 * What {@link MicrosoftApi#connect} needs of a Microsoft connector's properties record: each record
 * ({@code jobs.connectors.<name>.*}) implements it with its own components.
 */
public interface MicrosoftProperties {

    /** Microsoft Graph or the Defender API, e.g. {@code https://graph.microsoft.com/v1.0}. */
    URI baseUrl();

    /** The app registration. */
    MicrosoftAuth auth();

    /** Longest {@code Retry-After} waited out in the connector; zero for none. */
    Duration maxThrottleWait();
}
