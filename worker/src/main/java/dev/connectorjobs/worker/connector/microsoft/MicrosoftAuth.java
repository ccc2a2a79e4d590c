package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.OAuthTokens;
import dev.connectorjobs.worker.connector.kit.TokenGrant;
import dev.connectorjobs.worker.connector.kit.VendorUrls;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The Microsoft Entra app registration a Microsoft connector signs in as, with the OAuth 2.0
 * client-credentials grant ({@code jobs.connectors.<name>.auth.*}). Bound as part of each
 * connector's properties; the owner calls {@link #check(String)} with its prefix so that messages
 * name the full property.
 *
 * @param tenantId the directory (tenant) id, a GUID, or a verified domain such as {@code
 *     contoso.onmicrosoft.com}
 * @param clientId the app registration's application (client) id, a GUID
 * @param clientSecret a client secret's value (not its id) of that app registration
 * @param tokenUrl the token endpoint; default {@value #DEFAULT_TOKEN_URL} with the tenant id
 *     (another value for national clouds, or a stub in tests)
 */
public record MicrosoftAuth(
        @Nullable String tenantId,
        @Nullable String clientId,
        @Nullable String clientSecret,
        @Nullable URI tokenUrl) {

    /** The token endpoint of the Microsoft identity platform, {@code <tenant-id>} replaced. */
    public static final String DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token";

    /** A GUID, or a domain name: nothing that could change the token URL's path. */
    private static final Pattern TENANT = Pattern.compile("[0-9A-Za-z]([0-9A-Za-z.-]{0,253}[0-9A-Za-z])?");

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * Checks the values that are set.
     *
     * @param prefix the owner's prefix, e.g. {@code jobs.connectors.intune}
     * @throws IllegalArgumentException naming the property when a value cannot be right
     */
    public void check(String prefix) {
        if (tenantId != null && !TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException(prefix + ".auth.tenant-id must be the directory (tenant) id, a GUID,"
                    + " or a verified domain such as contoso.onmicrosoft.com");
        }
        if (clientId != null && !GUID.matcher(clientId).matches()) {
            throw new IllegalArgumentException(prefix + ".auth.client-id must be the app registration's application"
                    + " (client) id, a GUID such as 00000000-0000-0000-0000-000000000000");
        }
        if (clientSecret != null && clientSecret.isBlank()) {
            throw new IllegalArgumentException(prefix + ".auth.client-secret must not be blank; set it to the value"
                    + " of one of the app registration's client secrets, or leave it unset");
        }
        VendorUrls.check(tokenUrl, prefix + ".auth.token-url", DEFAULT_TOKEN_URL);
    }

    /**
     * The failure of a job when a credential is missing: {@code ConnectorNotConfigured} naming the
     * first property to set; empty when all are set.
     */
    public Optional<ConnectorException> unconfigured(ConnectorDescriptor connector) {
        if (tenantId == null) {
            return Optional.of(ConnectorErrors.notConfigured(
                    connector, "auth.tenant-id", "the directory (tenant) id of the app registration"));
        }
        if (clientId == null) {
            return Optional.of(ConnectorErrors.notConfigured(
                    connector, "auth.client-id", "the app registration's application (client) id"));
        }
        if (clientSecret == null) {
            return Optional.of(ConnectorErrors.notConfigured(
                    connector, "auth.client-secret", "the value of one of the app registration's client secrets"));
        }
        return Optional.empty();
    }

    /** The configured token endpoint, or the Microsoft identity platform's for the tenant. */
    public URI tokenEndpoint() {
        if (tokenUrl != null) {
            return tokenUrl;
        }
        return URI.create(DEFAULT_TOKEN_URL.replace("<tenant-id>", String.valueOf(tenantId)));
    }

    /**
     * Tokens for {@code scope} ({@code https://graph.microsoft.com/.default}), fetched through {@code
     * http}, the connector's own client, so the token endpoint shares its retries and breaker.
     *
     * @throws IllegalStateException when a credential is missing; ask {@link #unconfigured} first
     */
    public OAuthTokens tokens(
            ConnectorDescriptor connector, String scope, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        if (clientId == null || clientSecret == null || tenantId == null) {
            throw new IllegalStateException(connector.name() + " has no complete app registration configured");
        }
        String prefix = connector.propertyPrefix() + ".auth";
        return new OAuthTokens(
                connector.name(),
                tokenEndpoint(),
                TokenGrant.clientSecret(clientId, clientSecret, scope),
                http,
                mapper,
                clock,
                "check " + prefix + ".tenant-id, " + prefix + ".client-id and " + prefix + ".client-secret (an"
                        + " expired or wrong secret, or a secret's id instead of its value, are the usual causes)");
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "MicrosoftAuth[tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? "unset" : "***") + ", tokenUrl=" + tokenUrl + "]";
    }
}
