package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * OAuth 2.0 bearer tokens from one token endpoint, for one tenant and client, shared by every job of
 * the worker. A token is kept until shortly before it expires ({@code expires_in}); a token the
 * vendor rejects with 401 is dropped and replaced once. One job at a time fetches; the others wait
 * for its token. A grant that uses refresh tokens ({@link TokenGrant#password}) renews with the
 * refresh token the endpoint gave last, and falls back to the grant itself when that is refused.
 *
 * <p>The token endpoint's refusal (400 or 401, e.g. {@code invalid_client}) fails the job
 * permanently with {@code AuthenticationFailed} and the endpoint's {@code error} and {@code
 * error_description}; it is not a breaker failure. 5xx, 429 and I/O errors are retried like any
 * call.
 */
public final class OAuthTokens implements VendorAuth {

    /** Tokens are renewed this long before they expire (at most a tenth of their life), so none expires in flight. */
    public static final Duration RENEWAL_MARGIN = Duration.ofSeconds(60);

    private final String connector;
    private final URI endpoint;
    private final TokenGrant grant;
    private final ServiceHttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String check;
    private final BearerTokens<Token> tokens;
    private volatile @Nullable String refreshToken;

    /** A token and when to stop using it. */
    private record Token(String value, Instant renewAt) implements BearerTokens.Token {}

    /**
     * @param connector the connector's name, for messages
     * @param endpoint the token endpoint, e.g. {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token}
     * @param check what to check when the endpoint refuses, e.g. {@code check
     *     jobs.connectors.intune.auth.tenant-id, .client-id and .client-secret}
     */
    public OAuthTokens(
            String connector,
            URI endpoint,
            TokenGrant grant,
            ServiceHttpClient http,
            ObjectMapper mapper,
            Clock clock,
            String check) {
        this.connector = connector;
        this.endpoint = endpoint;
        this.grant = grant;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        this.check = check;
        this.tokens = new BearerTokens<>(clock, (previous, job) -> obtain(job));
    }

    @Override
    public Map<String, String> headers(JobContext job) {
        return tokens.headers(job);
    }

    /** The current token; fetches one when there is none or it is about to expire. */
    public String token(JobContext job) {
        return tokens.token(job).value();
    }

    @Override
    public boolean renewAfterRejection(Map<String, String> rejected) {
        return tokens.renewAfterRejection(rejected);
    }

    @Override
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(grant.secrets());
        tokens.current().ifPresent(token -> secrets.add(token.value()));
        String refresh = refreshToken;
        if (refresh != null) {
            secrets.add(refresh);
        }
        return secrets;
    }

    @Override
    public String scheme() {
        return "oauth";
    }

    private Token obtain(JobContext job) {
        String refresh = refreshToken;
        if (refresh != null) {
            Optional<Map<String, String>> form = grant.refresh(refresh);
            if (form.isPresent()) {
                Optional<Token> renewed = request(form.get(), job, true);
                if (renewed.isPresent()) {
                    return renewed.get();
                }
            }
            refreshToken = null;
        }
        return request(grant.form(clock.instant()), job, false).orElseThrow();
    }

    /**
     * Posts {@code form} to the endpoint.
     *
     * @param refusalIsEmpty whether a refusal (400, 401) means "try the grant itself" rather than failing
     */
    private Optional<Token> request(Map<String, String> form, JobContext job, boolean refusalIsEmpty) {
        Instant now = clock.instant();
        HttpCall call = HttpCall.request("POST", endpoint)
                .header("Accept", "application/json")
                .body(TokenGrant.encode(form).getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")
                .build();
        HttpResult result = http.exchange(call, job);
        int status = result.status();
        if ((status == 400 || status == 401) && refusalIsEmpty) {
            return Optional.empty();
        }
        if (status == 400 || status == 401) {
            throw ConnectorException.permanent(
                    "AuthenticationFailed",
                    connector + ": the token endpoint " + endpoint.getHost() + " " + call.describe()
                            + " refused the credentials (" + status + oauthError(result, form) + "); " + check,
                    status);
        }
        if (!result.isSuccess()) {
            throw http.failure(call, result);
        }
        return Optional.of(token(call, result, now));
    }

    private Token token(HttpCall call, HttpResult result, Instant now) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            throw ConnectorErrors.malformed(connector, call.describe(), "the token response is not JSON");
        }
        JsonNode access = body == null ? null : body.get("access_token");
        if (access == null || !access.isString() || access.stringValue().isBlank()) {
            throw ConnectorErrors.malformed(
                    connector, call.describe(), "token response field 'access_token' is missing");
        }
        JsonNode refresh = body.get("refresh_token");
        if (refresh != null && refresh.isString() && !refresh.stringValue().isBlank()) {
            refreshToken = refresh.stringValue();
        }
        return new Token(access.stringValue(), renewAt(body.get("expires_in"), now));
    }

    /** Without a usable {@code expires_in}, the token is kept until the vendor rejects it. */
    private static Instant renewAt(@Nullable JsonNode expiresIn, Instant now) {
        long seconds = expiresIn == null ? -1 : expiresIn.asLong(-1);
        if (seconds <= 0) {
            return Instant.MAX;
        }
        Duration life = Duration.ofSeconds(seconds);
        Duration margin = life.dividedBy(10).compareTo(RENEWAL_MARGIN) < 0 ? life.dividedBy(10) : RENEWAL_MARGIN;
        return now.plus(life).minus(margin);
    }

    /** {@code : invalid_client: AADSTS7000215 ...}, with the secrets and assertions of the form masked; empty if none. */
    private String oauthError(HttpResult result, Map<String, String> form) {
        try {
            JsonNode body = mapper.readTree(result.body());
            if (body == null || !body.isObject()) {
                return "";
            }
            String error = body.path("error").asString("");
            String description = body.path("error_description").asString("");
            String text = (error.isEmpty() ? "" : ": " + error) + (description.isEmpty() ? "" : ": " + description);
            List<String> secrets = new ArrayList<>(grant.secrets());
            for (String field :
                    List.of("client_secret", "client_assertion", "assertion", "password", "refresh_token")) {
                String value = form.get(field);
                if (value != null) {
                    secrets.add(value);
                }
            }
            return Masking.mask(text, secrets);
        } catch (JacksonException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "OAuthTokens[" + endpoint + "]";
    }
}
