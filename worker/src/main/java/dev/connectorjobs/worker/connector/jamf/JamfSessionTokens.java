package dev.connectorjobs.worker.connector.jamf;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.BearerTokens;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.OAuthTokens;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Jamf Pro bearer tokens for a user account: {@code POST /api/v1/auth/token} with HTTP Basic answers
 * {@code {"token", "expires"}}, where {@code expires} is an ISO-8601 time (not seconds, unlike
 * OAuth's {@code expires_in}, which is why {@link OAuthTokens} does not serve here). A token is used
 * until shortly before it expires (a tenth of its life, at most {@link OAuthTokens#RENEWAL_MARGIN});
 * then {@code POST /api/v1/auth/keep-alive} with it returns a fresh one and invalidates the old, so
 * the password is not sent again. A keep-alive the server refuses (the token already expired, or
 * was invalidated) falls back to a new login, as does a token a request was refused with (401).
 * One job at a time asks; the others wait for its token.
 *
 * <p>The login's refusal (401: wrong user name or password, or an account without API access) fails
 * the job permanently with {@code AuthenticationFailed}; it is no breaker failure. 5xx, 429 and I/O
 * errors are retryable like any call.
 */
final class JamfSessionTokens implements VendorAuth {

    static final String LOGIN = "/api/v1/auth/token";
    static final String KEEP_ALIVE = "/api/v1/auth/keep-alive";

    private static final Logger log = LoggerFactory.getLogger(JamfSessionTokens.class);

    private final URI base;
    private final String password;
    private final String basic;
    private final ServiceHttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final BearerTokens<Token> tokens;

    /** A token, when to renew it, and when it expires. */
    private record Token(String value, Instant renewAt, Instant expires) implements BearerTokens.Token {}

    JamfSessionTokens(
            URI base, String username, String password, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        this.base = base;
        this.password = password;
        this.basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        // A token due for renewal but not expired yet is kept alive; otherwise (none, expired, rejected) a new login.
        this.tokens = new BearerTokens<>(
                clock,
                (previous, job) -> previous != null && clock.instant().isBefore(previous.expires())
                        ? keepAlive(previous, job)
                        : login(job));
    }

    @Override
    public Map<String, String> headers(JobContext job) {
        return tokens.headers(job);
    }

    @Override
    public boolean renewAfterRejection(Map<String, String> rejected) {
        return tokens.renewAfterRejection(rejected);
    }

    @Override
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of(password, basic));
        tokens.current().ifPresent(token -> secrets.add(token.value()));
        return secrets;
    }

    @Override
    public String scheme() {
        return "basic-token";
    }

    private Token login(JobContext job) {
        HttpCall call = post(LOGIN, "Basic " + basic);
        HttpResult result = http.exchange(call, job);
        if (result.status() == 401 || result.status() == 403) {
            throw ConnectorException.permanent(
                    "AuthenticationFailed",
                    "jamf: " + call.describe() + " answered " + result.status() + ": the Jamf Pro server refused"
                            + " the user name and password; check jobs.connectors.jamf.auth.username and"
                            + " .password, and that the account may use the API",
                    result.status());
        }
        if (!result.isSuccess()) {
            throw http.failure(call, result);
        }
        return read(call, result);
    }

    private Token keepAlive(Token token, JobContext job) {
        HttpCall call = post(KEEP_ALIVE, "Bearer " + token.value());
        HttpResult result = http.exchange(call, job);
        if (result.status() == 401) {
            log.info("connector=jamf event=keep_alive_refused; logging in again");
            return login(job);
        }
        if (!result.isSuccess()) {
            throw http.failure(call, result);
        }
        log.info("connector=jamf event=token_kept_alive");
        return read(call, result);
    }

    private HttpCall post(String path, String authorization) {
        return HttpCall.request("POST", base.resolve(basePath() + path))
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .body(new byte[0], null)
                .build();
    }

    private String basePath() {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * The token in {@code result}. Its life is measured from the server's {@code Date} header when
     * there is one, so a worker clock that is off does not make a fresh token look expired (or
     * everlasting); the worker's clock then counts that life down.
     */
    private Token read(HttpCall call, HttpResult result) {
        Instant now = clock.instant();
        Instant serverNow =
                result.header("Date").flatMap(JamfSessionTokens::httpDate).orElse(now);
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            throw ConnectorErrors.malformed("jamf", call.describe(), "the token response is not JSON");
        }
        JsonNode token = body == null ? null : body.get("token");
        if (token == null || !token.isString() || token.stringValue().isBlank()) {
            throw ConnectorErrors.malformed("jamf", call.describe(), "'token' is missing");
        }
        Instant expires = expires(call, body.get("expires"));
        Duration life = Duration.between(serverNow, expires);
        if (life.isNegative() || life.isZero()) {
            throw ConnectorErrors.malformed(
                    "jamf", call.describe(), "'expires' is not after the server's own time (its Date header)");
        }
        Duration margin = life.dividedBy(10).compareTo(OAuthTokens.RENEWAL_MARGIN) < 0
                ? life.dividedBy(10)
                : OAuthTokens.RENEWAL_MARGIN;
        return new Token(token.stringValue(), now.plus(life).minus(margin), now.plus(life));
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Instant expires(HttpCall call, @Nullable JsonNode node) {
        if (node == null || !node.isString()) {
            throw ConnectorErrors.malformed(
                    "jamf", call.describe(), "'expires' is " + (node == null ? "missing" : "not an ISO-8601 time"));
        }
        try {
            return OffsetDateTime.parse(node.stringValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw ConnectorErrors.malformed("jamf", call.describe(), "'expires' is not an ISO-8601 time");
        }
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "JamfSessionTokens[" + base.getHost() + "]";
    }
}
