package dev.connectorjobs.worker.connector.externalapi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where and how the {@code external_api} connector sends its requests ({@code
 * jobs.connectors.external-api.*}; environment {@code JOBS_CONNECTORS_EXTERNAL_API_BASE_URL} and
 * so on). The target and the credentials come only from here, never from job params, so a job can
 * reach nothing but this one service.
 *
 * @param baseUrl the service's base URL, e.g. {@code https://hooks.internal.example/api}; request
 *     paths are appended to it. Without it, {@code external_api} jobs fail permanently, saying so
 * @param bearerToken sent as {@code Authorization: Bearer <token>}; never with username
 * @param username with {@code password}, sent as HTTP Basic authentication
 * @param password the Basic password
 * @param allowedHeaders request headers a job may set; default {@code Accept, Content-Type,
 *     Idempotency-Key, X-Request-ID}. Headers that carry credentials or framing (Authorization,
 *     Cookie, Host, Content-Length, ...) and {@code X-Correlation-ID} can never be allowed
 * @param maxResultBody largest response body kept in the job result; longer ones are cut and
 *     flagged {@code body_truncated}; default 64 KB
 */
@ConfigurationProperties("jobs.connectors.external-api")
record ExternalApiProperties(
        @Nullable URI baseUrl,
        @Nullable String bearerToken,
        @Nullable String username,
        @Nullable String password,

        @DefaultValue({"Accept", "Content-Type", "Idempotency-Key", "X-Request-ID"})
        List<String> allowedHeaders,

        @DefaultValue("64KB") DataSize maxResultBody) {

    private static final Set<String> NEVER_ALLOWED = Set.of(
            "authorization",
            "proxy-authorization",
            "cookie",
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "upgrade",
            "te",
            "expect",
            "x-correlation-id");

    ExternalApiProperties {
        allowedHeaders = List.copyOf(allowedHeaders);
        for (String header : allowedHeaders) {
            if (NEVER_ALLOWED.contains(header.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("jobs.connectors.external-api.allowed-headers must not contain "
                        + header + ": it carries credentials or framing, which come from the worker only");
            }
        }
        if (baseUrl != null) {
            String scheme = baseUrl.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || baseUrl.getHost() == null
                    || baseUrl.getRawQuery() != null
                    || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("jobs.connectors.external-api.base-url must be an http(s) URL"
                        + " with a host and without query or fragment, e.g. https://hooks.example.com/api");
            }
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("jobs.connectors.external-api.base-url must not carry"
                        + " credentials; set jobs.connectors.external-api.username and .password instead");
            }
        }
        if (bearerToken != null && username != null) {
            throw new IllegalArgumentException("jobs.connectors.external-api has both bearer-token and username;"
                    + " configure one way to authenticate");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException(
                    "jobs.connectors.external-api.username and .password go together;" + " set both or neither");
        }
        if (maxResultBody.toBytes() < 1) {
            throw new IllegalArgumentException("jobs.connectors.external-api.max-result-body must be positive");
        }
    }

    /** Whether a job may set header {@code name}. */
    boolean allows(String name) {
        return allowedHeaders.stream().anyMatch(h -> h.equalsIgnoreCase(name));
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "ExternalApiProperties[baseUrl=" + baseUrl + ", auth="
                + (bearerToken != null ? "bearer" : username != null ? "basic" : "none") + ", allowedHeaders="
                + allowedHeaders + ", maxResultBody=" + maxResultBody + "]";
    }
}
