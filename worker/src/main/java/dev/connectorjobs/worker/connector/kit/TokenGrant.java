package dev.connectorjobs.worker.connector.kit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The form an {@link OAuthTokens} posts to the token endpoint to get a token: client credentials
 * with a secret, with a signed client assertion, a signed JWT bearer assertion, or a resource owner's
 * password (which also yields a refresh token).
 */
public interface TokenGrant {

    /** The form fields of one token request made at {@code now} (assertions are signed fresh). */
    Map<String, String> form(Instant now);

    /** The secrets in this grant, to mask in messages. */
    List<String> secrets();

    /**
     * The form that renews a token with {@code refreshToken}, the one the endpoint gave with the last
     * token; empty (the default) when this grant does not use refresh tokens, and a token is renewed
     * with {@link #form} again.
     */
    default Optional<Map<String, String>> refresh(String refreshToken) {
        return Optional.empty();
    }

    /**
     * OAuth 2.0 client credentials with a client secret in the form ({@code client_secret_post});
     * {@code scope} is left out when blank (for endpoints that take none, such as ServiceNow's).
     */
    static TokenGrant clientSecret(String clientId, String clientSecret, String scope) {
        return new TokenGrant() {
            @Override
            public Map<String, String> form(Instant now) {
                Map<String, String> form = fields(
                        "grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret);
                if (!scope.isBlank()) {
                    form.put("scope", scope);
                }
                return form;
            }

            @Override
            public List<String> secrets() {
                return List.of(clientSecret);
            }
        };
    }

    /**
     * The OAuth 2.0 resource owner password grant (RFC 6749 section 4.3) with the client's id and
     * secret in the form, as ServiceNow's {@code /oauth_token.do} takes it. The endpoint answers with a
     * refresh token too, and renewals use it ({@code grant_type=refresh_token}) instead of sending the
     * password again; a refused refresh token falls back to this grant.
     */
    static TokenGrant password(String clientId, String clientSecret, String username, String password) {
        return new TokenGrant() {
            @Override
            public Map<String, String> form(Instant now) {
                return fields(
                        "grant_type",
                        "password",
                        "username",
                        username,
                        "password",
                        password,
                        "client_id",
                        clientId,
                        "client_secret",
                        clientSecret);
            }

            @Override
            public Optional<Map<String, String>> refresh(String refreshToken) {
                return Optional.of(fields(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refreshToken,
                        "client_id",
                        clientId,
                        "client_secret",
                        clientSecret));
            }

            @Override
            public List<String> secrets() {
                return List.of(clientSecret, password);
            }
        };
    }

    /**
     * OAuth 2.0 client credentials authenticated by a signed JWT (RFC 7523 section 2.2), as Apple
     * Business Manager wants: {@code client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer}.
     *
     * @param assertion signs a fresh assertion for the given time
     */
    static TokenGrant clientAssertion(String clientId, String scope, Function<Instant, String> assertion) {
        return new TokenGrant() {
            @Override
            public Map<String, String> form(Instant now) {
                return fields(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        clientId,
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion",
                        assertion.apply(now),
                        "scope",
                        scope);
            }

            @Override
            public List<String> secrets() {
                return List.of();
            }
        };
    }

    /**
     * A JWT bearer grant (RFC 7523 section 2.1), as Google service accounts use: {@code
     * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and the signed assertion.
     */
    static TokenGrant jwtBearer(Function<Instant, String> assertion) {
        return new TokenGrant() {
            @Override
            public Map<String, String> form(Instant now) {
                return fields(
                        "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", assertion.apply(now));
            }

            @Override
            public List<String> secrets() {
                return List.of();
            }
        };
    }

    /** A mutable form of {@code namesAndValues}, in order: name, value, name, value... */
    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** {@code fields} as {@code application/x-www-form-urlencoded}. */
    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
