package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * OAuth 2.0 bearer tokens from the instance's {@code POST /oauth_token.do} (form-encoded, as the
 * instance requires), shared by every job of this worker. A token is kept until shortly before it
 * expires ({@code expires_in}); a token the instance rejects is dropped and replaced once. Renewal
 * uses the refresh token when the instance gave one (password grant), and falls back to the
 * configured grant when the refresh token is refused. One job at a time fetches; the others wait
 * for its token.
 */
final class OAuthTokens implements Credentials {

    /** Tokens are renewed this long before they expire (at most a tenth of their life), so none expires in flight. */
    static final Duration RENEWAL_MARGIN = Duration.ofSeconds(60);

    static final String TOKEN_PATH = "/oauth_token.do";

    private static final String CHECK = "; check " + ServiceNowProperties.PREFIX + ".auth.client-id, .client-secret,"
            + " .username and .password, and that the OAuth client is active on the instance";

    private final URI endpoint;
    private final ServiceHttpClient http;
    private final ResponseReader reader;
    private final Clock clock;
    private final Map<String, String> grant;
    private final String clientId;
    private final String clientSecret;
    private final AtomicReference<@Nullable Token> current = new AtomicReference<>();
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile @Nullable String refreshToken;

    /** A token and when to stop using it. */
    private record Token(String header, Instant renewAt) {}

    OAuthTokens(
            ServiceNowUrls urls,
            ServiceNowProperties.Auth auth,
            ServiceHttpClient http,
            ResponseReader reader,
            Clock clock) {
        this.endpoint = urls.path(TOKEN_PATH);
        this.http = http;
        this.reader = reader;
        this.clock = clock;
        this.clientId = required(auth.clientId());
        this.clientSecret = required(auth.clientSecret());
        Map<String, String> form = new LinkedHashMap<>();
        if (auth.username() != null) {
            form.put("grant_type", "password");
            form.put("username", auth.username());
            form.put("password", required(auth.password()));
        } else {
            form.put("grant_type", "client_credentials");
        }
        this.grant = form;
    }

    private static String required(@Nullable String value) {
        if (value == null) {
            throw new IllegalArgumentException("OAuth needs a client id and secret");
        }
        return value;
    }

    @Override
    public String authorization(JobContext job) {
        Token token = current.get();
        if (token != null && clock.instant().isBefore(token.renewAt())) {
            return token.header();
        }
        lock(job);
        try {
            token = current.get();
            if (token != null && clock.instant().isBefore(token.renewAt())) {
                return token.header();
            }
            Token fresh = obtain(job);
            current.set(fresh);
            return fresh.header();
        } finally {
            fetching.unlock();
        }
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        Token token = current.get();
        if (token != null && token.header().equals(rejected)) {
            current.compareAndSet(token, null);
        }
        return true;
    }

    @Override
    public String scheme() {
        return "oauth";
    }

    private void lock(JobContext job) {
        try {
            fetching.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException(job.cancellation().reason());
        }
    }

    private Token obtain(JobContext job) {
        String refresh = refreshToken;
        if (refresh != null) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", refresh);
            Optional<Token> renewed = request(form, job, true);
            if (renewed.isPresent()) {
                return renewed.get();
            }
            refreshToken = null;
        }
        return request(grant, job, false).orElseThrow();
    }

    /**
     * Asks for a token with {@code form} plus the client credentials.
     *
     * @param refusalIsEmpty whether a refusal (400, 401) means "try the configured grant"
     */
    private Optional<Token> request(Map<String, String> form, JobContext job, boolean refusalIsEmpty) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("client_id", clientId);
        fields.put("client_secret", clientSecret);
        HttpCall call = HttpCall.request("POST", endpoint)
                .header("Accept", "application/json")
                .body(encode(fields).getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")
                .build();
        Instant now = clock.instant();
        HttpResult result = http.exchange(call, job);
        int status = result.status();
        if (status == 400 || status == 401) {
            if (refusalIsEmpty) {
                return Optional.empty();
            }
            throw ConnectorException.permanent(
                    "AuthenticationFailed",
                    ServiceNowConnector.NAME + ": the token endpoint " + call.describe() + " refused the credentials ("
                            + status + reader.oauthError(result) + ")" + CHECK,
                    status);
        }
        if (!result.isSuccess()) {
            throw reader.failure(http, call, result);
        }
        return Optional.of(token(reader.object(call, result, "token response"), now));
    }

    private Token token(JsonNode body, Instant now) {
        JsonNode access = body.get("access_token");
        if (access == null || !access.isString() || access.stringValue().isBlank()) {
            throw ResponseReader.malformed("token response field 'access_token' is missing");
        }
        JsonNode refresh = body.get("refresh_token");
        if (refresh != null && refresh.isString() && !refresh.stringValue().isBlank()) {
            refreshToken = refresh.stringValue();
        }
        return new Token("Bearer " + access.stringValue(), renewAt(body.get("expires_in"), now));
    }

    /** Without a usable {@code expires_in}, the token is kept until the instance rejects it. */
    private static Instant renewAt(@Nullable JsonNode expiresIn, Instant now) {
        long seconds = expiresIn == null ? -1 : expiresIn.asLong(-1);
        if (seconds <= 0) {
            return Instant.MAX;
        }
        Duration life = Duration.ofSeconds(seconds);
        Duration margin = life.dividedBy(10).compareTo(RENEWAL_MARGIN) < 0 ? life.dividedBy(10) : RENEWAL_MARGIN;
        return now.plus(life).minus(margin);
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return "OAuthTokens[" + endpoint + ", " + grant.get("grant_type") + "]";
    }
}
