package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.BearerTokens;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Masking;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Landscape's JWT, shared by every job of the worker: {@code POST /api/v2/login/access-key} with
 * {@code {access_key, secret_key}}, or {@code POST /api/v2/login} with {@code {email, password,
 * account}}, answer {@code {"token": "<JWT>", "email", "current_account", ...}}; the token is sent as
 * {@code Authorization: Bearer} to the REST API and to the legacy API alike.
 *
 * <p>The answer states no lifetime, so it is read from the token's own {@code exp} claim (an
 * access-key token lives 24 hours by default); the token is renewed a minute before then, and
 * dropped and renewed once when Landscape answers 401 anyway (a token invalidated early). A token
 * whose {@code exp} cannot be read is kept until it is refused. One job at a time logs in; the others
 * wait for its token. A refused login (400, 401, 403) fails permanently with {@code
 * AuthenticationFailed}, which is not a breaker failure.
 */
final class LandscapeLogin implements VendorAuth {

    static final String LOGIN = "/api/v2/login";
    static final String ACCESS_KEY_LOGIN = "/api/v2/login/access-key";

    private final URI base;
    private final LandscapeProperties.Auth auth;
    private final @Nullable String account;
    private final ServiceHttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final BearerTokens<Token> tokens;

    /** A token, when to stop using it, and whose it is (for finding the activities it created). */
    record Token(String value, Instant renewAt, @Nullable String email) implements BearerTokens.Token {}

    LandscapeLogin(
            URI base,
            LandscapeProperties.Auth auth,
            @Nullable String account,
            ServiceHttpClient http,
            ObjectMapper mapper,
            Clock clock) {
        this.base = base;
        this.auth = auth;
        this.account = account;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        this.tokens = new BearerTokens<>(clock, (previous, job) -> login(job));
    }

    @Override
    public Map<String, String> headers(JobContext job) {
        return tokens.headers(job);
    }

    /** The current token; logs in when there is none or it is about to expire. */
    Token token(JobContext job) {
        return tokens.token(job);
    }

    @Override
    public boolean renewAfterRejection(Map<String, String> rejected) {
        return tokens.renewAfterRejection(rejected);
    }

    @Override
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (String secret : new String[] {auth.secretKey(), auth.password(), auth.accessKey()}) {
            if (secret != null) {
                secrets.add(secret);
            }
        }
        tokens.current().ifPresent(token -> secrets.add(token.value()));
        return secrets;
    }

    @Override
    public String scheme() {
        return "jwt";
    }

    private Token login(JobContext job) {
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        if (auth.accessKey() != null) {
            path = ACCESS_KEY_LOGIN;
            body.put("access_key", auth.accessKey());
            body.put("secret_key", auth.secretKey());
        } else {
            path = LOGIN;
            body.put("email", auth.username());
            body.put("password", auth.password());
            if (account != null) {
                body.put("account", account);
            }
        }
        HttpCall call = HttpCall.request("POST", URI.create(stripSlash(base.toString()) + path))
                .header("Accept", "application/json")
                .body(mapper.writeValueAsBytes(body), "application/json")
                .build();
        HttpResult result = http.exchange(call, job);
        int status = result.status();
        if (status == 400 || status == 401 || status == 403) {
            String check = auth.accessKey() != null
                    ? "check jobs.connectors.landscape.auth.access-key and .secret-key"
                    : "check jobs.connectors.landscape.auth.username, .password and jobs.connectors.landscape.account";
            throw ConnectorException.permanent(
                    "AuthenticationFailed",
                    "landscape: " + call.describe() + " refused the credentials (" + status + explanation(result)
                            + "); " + check,
                    status);
        }
        if (!result.isSuccess()) {
            throw http.failure(call, result);
        }
        JsonNode answer = read(call, result);
        JsonNode token = answer.path("token");
        if (!token.isString() || token.stringValue().isBlank()) {
            throw ConnectorErrors.malformed("landscape", call.describe(), "'token' is missing");
        }
        JsonNode email = answer.path("email");
        return new Token(
                token.stringValue(),
                JwtLifetime.renewAt(token.stringValue(), clock.instant(), mapper),
                email.isString() && !email.stringValue().isBlank() ? email.stringValue() : null);
    }

    private JsonNode read(HttpCall call, HttpResult result) {
        try {
            JsonNode answer = mapper.readTree(result.body());
            if (answer == null || !answer.isObject()) {
                throw ConnectorErrors.malformed("landscape", call.describe(), "the body is not a JSON object");
            }
            return answer;
        } catch (JacksonException e) {
            throw ConnectorErrors.malformed("landscape", call.describe(), "the body is not JSON");
        }
    }

    /** {@code : <error>: <message>} from Landscape's error body, secrets masked; empty if none. */
    private String explanation(HttpResult result) {
        try {
            JsonNode body = mapper.readTree(result.body());
            if (body == null || !body.isObject()) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            for (String field : List.of("error", "message")) {
                JsonNode value = body.path(field);
                if (value.isString() && !value.stringValue().isBlank()) {
                    text.append(": ").append(value.stringValue());
                }
            }
            String shortened = text.length() > 300 ? text.substring(0, 300) + "..." : text.toString();
            return Masking.mask(shortened, secrets());
        } catch (JacksonException e) {
            return "";
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "LandscapeLogin[" + base + "]";
    }
}
