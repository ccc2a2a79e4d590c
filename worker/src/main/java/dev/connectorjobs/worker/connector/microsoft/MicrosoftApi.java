package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.connector.kit.OAuthApi;
import dev.connectorjobs.worker.connector.kit.Paging;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.time.Clock;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@link VendorApi} of a Microsoft connector: Microsoft Graph or the Defender API at the
 * configured base URL, with bearer tokens of the configured app registration for {@code scope}.
 *
 * <p>What Microsoft's answers mean is mostly what the kit assumes: the error body {@code
 * {"error": {"code", "message"}}} is quoted (code and message) in every failure; a 401 {@code
 * InvalidAuthenticationToken} (an expired or revoked token) renews the token once and sends the
 * request again; a 429 carries {@code Retry-After} in seconds and is waited out up to {@code
 * maxThrottleWait}, so paging resumes at the page it was on. Added here: a 403 names the
 * application permissions the operation needs, since a missing permission or admin consent is its
 * usual cause.
 */
public final class MicrosoftApi {

    /** Graph and the Defender API page with {@code @odata.nextLink}, followed verbatim, never parsed. */
    public static final Paging NEXT_LINK = Paging.nextLink("@odata.nextLink");

    private MicrosoftApi() {}

    /**
     * The API of {@code connector} at its configured base URL, or, when a credential of its app
     * registration is missing, the {@code ConnectorNotConfigured} naming it.
     *
     * @param http the connector's own client ({@code ServiceHttpClients.forService(name)}), used for
     *     the token endpoint too
     * @param permissions the application permissions the connector needs, for a 403's message, e.g.
     *     {@code DeviceManagementManagedDevices.Read.All}
     * @param failures the connector's own reading of some failures, consulted before Microsoft's and
     *     the kit's (e.g. an expired delta link); {@link FailureHook#NONE} for none
     */
    public static VendorConnection connect(
            ConnectorDescriptor connector,
            MicrosoftProperties properties,
            String scope,
            String permissions,
            ServiceHttpClient http,
            ObjectMapper mapper,
            Clock clock,
            FailureHook failures) {
        MicrosoftAuth auth = properties.auth();
        return VendorConnection.unless(
                auth.unconfigured(connector),
                () -> OAuthApi.builder(
                                connector,
                                properties.baseUrl(),
                                auth.tokens(connector, scope, http, mapper, clock),
                                http,
                                mapper,
                                clock,
                                properties.maxThrottleWait())
                        .failures((status, request, explanation, result) -> failures.failure(
                                        status, request, explanation, result)
                                .or(() -> status == 403
                                        ? Optional.of(accessDenied(request, explanation, permissions))
                                        : Optional.empty()))
                        .build());
    }

    /**
     * The {@code error.code} of Graph's error body, which the kit puts first in {@code explanation}
     * ({@code code: message}); empty when there is none.
     */
    public static String errorCode(String explanation) {
        int colon = explanation.indexOf(':');
        String code = colon < 0 ? explanation : explanation.substring(0, colon);
        return code.chars().allMatch(Character::isLetterOrDigit) ? code : "";
    }

    private static ConnectorException accessDenied(String request, String explanation, String permissions) {
        return ConnectorException.permanent(
                "AccessDenied",
                request + (explanation.isEmpty() ? "" : ": " + explanation) + "; grant the app registration the"
                        + " application permission " + permissions + " and an administrator's consent",
                403);
    }
}
