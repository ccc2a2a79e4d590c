package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.ObjectMapper;

/**
 * The usual {@link VendorApi} of an OAuth 2.0 vendor: bearer {@link OAuthTokens} from the token
 * endpoint by {@code grant}, fetched through the connector's own client (so the token endpoint
 * shares its retries and breaker), and 429s waited out up to the configured {@code
 * max-throttle-wait}. The connector adds its own failure reading, if any, and builds.
 */
public final class OAuthApi {

    private OAuthApi() {}

    /**
     * A builder with auth and throttle waits set.
     *
     * @param http the connector's client ({@code ServiceHttpClients.forService(name)})
     * @param check what to check when the token endpoint refuses, naming the properties (see {@link
     *     OAuthTokens})
     * @param maxThrottleWait longest {@code Retry-After} waited out in the connector; zero for none
     */
    public static VendorApi.Builder builder(
            ConnectorDescriptor connector,
            URI baseUrl,
            URI tokenUrl,
            TokenGrant grant,
            String check,
            ServiceHttpClient http,
            ObjectMapper mapper,
            Clock clock,
            Duration maxThrottleWait) {
        return builder(
                connector,
                baseUrl,
                new OAuthTokens(connector.name(), tokenUrl, grant, http, mapper, clock, check),
                http,
                mapper,
                clock,
                maxThrottleWait);
    }

    /** A builder with {@code tokens} (made by the caller, e.g. from its own credentials record) and throttle waits set. */
    public static VendorApi.Builder builder(
            ConnectorDescriptor connector,
            URI baseUrl,
            OAuthTokens tokens,
            ServiceHttpClient http,
            ObjectMapper mapper,
            Clock clock,
            Duration maxThrottleWait) {
        return VendorApi.builder(connector, http, mapper, baseUrl).auth(tokens).throttleWaits(maxThrottleWait, clock);
    }
}
