package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.net.URIBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Jira Cloud over the resilient client: builds URLs below the configured site and Assets API,
 * authenticates, reads JSON answers and turns failed answers into {@link ConnectorException}s whose
 * type says what to do. Credentials stay in the {@code Authorization} header; no message ever
 * carries them, nor a query string or a request body.
 */
final class JiraApi {

    /** The connector's name, which is also its breaker's and HTTP client's. */
    static final String CONNECTOR = "jira";

    private static final int MAX_DETAIL = 300;

    private final JiraProperties properties;
    private final ServiceHttpClient client;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final @Nullable String authorization;

    JiraApi(JiraProperties properties, ServiceHttpClient client, ObjectMapper mapper, Clock clock) {
        this.properties = properties;
        this.client = client;
        this.mapper = mapper;
        this.clock = clock;
        JiraProperties.Auth auth = properties.auth();
        if (auth.bearerToken() != null) {
            authorization = "Bearer " + auth.bearerToken();
        } else if (auth.username() != null && auth.token() != null) {
            authorization = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((auth.username() + ":" + auth.token()).getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
    }

    /**
     * Fails unless the site and the credentials are configured.
     *
     * @throws ConnectorException permanent {@code ConnectorNotConfigured}, naming what to set
     */
    void requireConfigured() {
        if (properties.baseUrl() == null) {
            throw notConfigured("has no site: set " + JiraProperties.PREFIX + "base-url (environment"
                    + " JOBS_CONNECTORS_JIRA_BASE_URL), e.g. https://acme.atlassian.net");
        }
        if (authorization == null) {
            throw notConfigured("has no credentials: set " + JiraProperties.PREFIX + "auth.username (the"
                    + " account's email) and " + JiraProperties.PREFIX + "auth.token (its API token), or "
                    + JiraProperties.PREFIX + "auth.bearer-token (OAuth 2.0)");
        }
    }

    private static ConnectorException notConfigured(String what) {
        return ConnectorException.permanent(
                "ConnectorNotConfigured", CONNECTOR + " " + what + " on the workers that run it");
    }

    /** {@code path} (and {@code query}) below the configured site. */
    URI site(String path, Map<String, String> query) {
        requireConfigured();
        return uri(String.valueOf(properties.baseUrl()), path, query);
    }

    /** {@code path} (and {@code query}) below the Assets REST API. */
    URI assets(String path, Map<String, String> query) {
        return uri(properties.assetsBaseUrl().toString(), path, query);
    }

    private static URI uri(String base, String path, Map<String, String> query) {
        String prefix = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        try {
            URIBuilder uri = new URIBuilder(prefix + path);
            query.forEach(uri::addParameter);
            return uri.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid URL path: " + path, e);
        }
    }

    /**
     * GETs {@code uri} and reads the JSON object it answers.
     *
     * @param what what the answer is, for error messages (e.g. "the workspace list")
     */
    JsonNode get(URI uri, String what, JobContext job) {
        return send(authorized(HttpCall.request("GET", uri)).build(), what, job);
    }

    /**
     * POSTs {@code body} as JSON to {@code uri} and reads the JSON object it answers.
     *
     * @param idempotencyKey makes the request retryable inside the HTTP client; only for requests
     *     that change nothing (such as an AQL search), since Jira itself ignores the header
     */
    JsonNode post(URI uri, Object body, String what, JobContext job, @Nullable String idempotencyKey) {
        HttpCall.Builder call = authorized(HttpCall.request("POST", uri))
                .body(mapper.writeValueAsBytes(body), ContentType.APPLICATION_JSON.getMimeType());
        if (idempotencyKey != null) {
            call.idempotencyKey(idempotencyKey);
        }
        return send(call.build(), what, job);
    }

    private HttpCall.Builder authorized(HttpCall.Builder call) {
        requireConfigured();
        return call.header("Authorization", String.valueOf(authorization)).header("Accept", "application/json");
    }

    private JsonNode send(HttpCall call, String what, JobContext job) {
        HttpResult result = client.exchange(call, job);
        if (!result.isSuccess()) {
            throw failure(call, result);
        }
        return json(call, result, what);
    }

    private JsonNode json(HttpCall call, HttpResult result, String what) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            throw malformed(what + " (" + call.describe() + ") is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw malformed(what + " (" + call.describe() + ") is not a JSON object");
        }
        return body;
    }

    /** A permanent failure for an answer that does not have the documented shape. */
    static ConnectorException malformed(String detail) {
        return ConnectorException.permanent("MalformedResponse", CONNECTOR + ": " + detail);
    }

    /**
     * The failure that {@code result} reports. 401 and 403 are permanent ({@code
     * AuthenticationFailed}, {@code PermissionDenied}); 429 is {@code Throttled}, waiting for {@code
     * Retry-After} or else until {@code X-RateLimit-Reset}; 408 and 5xx are retryable as the HTTP
     * client classifies them; other 4xx are permanent {@code HttpClientError}s with Jira's own
     * error messages.
     */
    ConnectorException failure(HttpCall call, HttpResult result) {
        ConnectorException classified = client.failure(call, result);
        int status = result.status();
        return switch (status) {
            case 401 ->
                ConnectorException.permanent(
                        "AuthenticationFailed",
                        classified.getMessage() + detail(result) + "; check " + JiraProperties.PREFIX
                                + "auth.username and .token (an API token of that account) or .bearer-token",
                        status);
            case 403 ->
                ConnectorException.permanent(
                        "PermissionDenied",
                        classified.getMessage() + detail(result)
                                + "; the configured account lacks a permission (or an OAuth scope) for this call",
                        status);
            case 429 ->
                classified.retryAfter().isPresent()
                        ? classified
                        : rateLimitReset(result)
                                .map(wait -> ConnectorException.retryable(
                                        "Throttled", String.valueOf(classified.getMessage()), wait, status))
                                .orElse(classified);
            default ->
                status >= 400 && status < 500 && status != 408
                        ? ConnectorException.permanent(
                                classified.errorType(), classified.getMessage() + detail(result), status)
                        : classified;
        };
    }

    /** The wait until {@code X-RateLimit-Reset}, an ISO-8601 instant on Jira Cloud. */
    private Optional<Duration> rateLimitReset(HttpResult result) {
        return result.header("X-RateLimit-Reset").flatMap(JiraApi::instant).map(reset -> {
            Duration wait = Duration.between(clock.instant(), reset);
            return wait.isNegative() ? Duration.ZERO : wait;
        });
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Jira's explanation from an error body {@code {"errorMessages": [...], "errors": {field:
     * message}}}, shortened; empty when there is none.
     */
    private String detail(HttpResult result) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            return "";
        }
        if (body == null || !body.isObject()) {
            return "";
        }
        List<String> messages = new ArrayList<>();
        body.path("errorMessages").values().forEach(m -> messages.add(m.asString()));
        body.path("errors").forEachEntry((field, message) -> messages.add(field + ": " + message.asString()));
        if (messages.isEmpty()) {
            return "";
        }
        String text = String.join("; ", messages).replaceAll("[\\r\\n]+", " ");
        return ": " + (text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...");
    }
}
