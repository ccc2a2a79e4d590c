package dev.connectorjobs.worker.connector.freshservice;

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
import java.util.Base64;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One configured Freshservice account, spoken to as JSON through the resilient client: Basic
 * {@code <api-key>:X} on every call, answers read as JSON objects, failures turned into {@link
 * ConnectorException}s that name the connector and say what to do.
 *
 * <p>A 429 whose {@code Retry-After} the client would not wait out itself (longer than {@code
 * jobs.http.services.freshservice.max-retry-after}) is waited out here, up to {@code
 * max-throttle-wait} and within the job's time limit, and the same call is sent again: a 429 means
 * Freshservice refused the request unprocessed, so repeating it is safe even for a POST, and an
 * inventory resumes at the page it was on.
 */
final class FreshserviceApi {

    static final String CONNECTOR = "freshservice";

    /** Consecutive 429s one call waits out before it gives up; each waits its own Retry-After. */
    static final int MAX_THROTTLE_WAITS = 10;

    private static final Logger log = LoggerFactory.getLogger(FreshserviceApi.class);
    private static final String MASK = "[REDACTED]";

    private final ServiceHttpClient client;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String base;
    private final String authorization;
    private final String apiKey;
    private final Duration maxThrottleWait;

    FreshserviceApi(
            ServiceHttpClient client,
            ObjectMapper mapper,
            Clock clock,
            URI baseUrl,
            String apiKey,
            Duration maxThrottleWait) {
        this.client = client;
        this.mapper = mapper;
        this.clock = clock;
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.apiKey = apiKey;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((apiKey + ":X").getBytes(StandardCharsets.UTF_8));
        this.maxThrottleWait = maxThrottleWait;
    }

    /**
     * {@code GET base + path} with the query parameters {@code query} (name, value, name, value...;
     * unencoded); the answer as a JSON object.
     */
    Response get(String path, JobContext job, String... query) {
        HttpCall call = request("GET", path, query).build();
        return send(call, job);
    }

    /** {@code POST base + path} with {@code body} as JSON; the answer as a JSON object. */
    Response post(String path, Object body, JobContext job) {
        HttpCall call = request("POST", path)
                .body(mapper.writeValueAsBytes(body), "application/json")
                .build();
        return send(call, job);
    }

    private HttpCall.Builder request(String method, String path, String... query) {
        try {
            URIBuilder uri = new URIBuilder(base + path);
            for (int i = 0; i + 1 < query.length; i += 2) {
                uri.addParameter(query[i], query[i + 1]);
            }
            return HttpCall.request(method, uri.build())
                    .header("Authorization", authorization)
                    .header("Accept", "application/json");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Not a valid Freshservice URL path: " + path, e);
        }
    }

    private Response send(HttpCall call, JobContext job) {
        for (int waits = 0; ; waits++) {
            HttpResult result = client.exchange(call, job);
            if (result.isSuccess()) {
                return new Response(call, result.status(), json(call, result), rateLimitRemaining(result));
            }
            ConnectorException failure = failure(call, result);
            Optional<Duration> wait = throttleWait(result, failure, waits, job);
            if (wait.isEmpty()) {
                throw failure;
            }
            log.info(
                    "connector={} event=throttled request=\"{}\" wait_s={} rate_limit_remaining={}",
                    CONNECTOR,
                    call.describe(),
                    wait.get().toSeconds(),
                    result.header("X-RateLimit-Remaining").orElse("?"));
            job.cancellation().sleep(wait.get());
        }
    }

    /**
     * How long to wait before sending a throttled call again: its {@code Retry-After}, when that is
     * within {@code max-throttle-wait} and the job's time limit; empty when the job should retry later
     * instead.
     */
    private Optional<Duration> throttleWait(HttpResult result, ConnectorException failure, int waits, JobContext job) {
        if (result.status() != 429 || waits >= MAX_THROTTLE_WAITS || maxThrottleWait.isZero()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return failure.retryAfter()
                .filter(wait -> wait.compareTo(maxThrottleWait) <= 0)
                .filter(wait -> !now.plus(wait).isAfter(job.deadline()));
    }

    private ConnectorException failure(HttpCall call, HttpResult result) {
        int status = result.status();
        String request = CONNECTOR + ": " + call.describe() + " answered " + status;
        if (status == 401) {
            return ConnectorException.permanent(
                    "AuthenticationFailed",
                    request + ": Freshservice rejected the API key; set a valid agent API key in"
                            + " jobs.connectors.freshservice.auth.api-key",
                    status);
        }
        if (status == 403) {
            return ConnectorException.permanent(
                    "AccessDenied",
                    request + ": the agent whose API key is configured may not do this; grant the agent's role"
                            + " access, or configure another agent's key",
                    status);
        }
        if (status == 400) {
            return ConnectorException.permanent("InvalidRequest", request + ": " + validationErrors(result), status);
        }
        return client.failure(call, result);
    }

    /**
     * Freshservice's explanation of a 400: {@code {"description": "Validation failed", "errors":
     * [{"field", "message", "code"}]}}, as {@code Validation failed: email: It should be ... (invalid_value)}.
     */
    private String validationErrors(HttpResult result) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            return "Freshservice gave no readable reason";
        }
        StringJoiner text = new StringJoiner("; ", text(body.path("description"), "rejected") + ": ", "");
        text.setEmptyValue(text(body.path("description"), "rejected, without details"));
        for (JsonNode error : body.path("errors")) {
            String code = text(error.path("code"), "");
            text.add(text(error.path("field"), "(no field)") + ": " + text(error.path("message"), "invalid")
                    + (code.isEmpty() ? "" : " (" + code + ")"));
        }
        return mask(text.toString());
    }

    private static String text(JsonNode node, String otherwise) {
        return node.isValueNode() && !node.isNull() ? node.asString() : otherwise;
    }

    private JsonNode json(HttpCall call, HttpResult result) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            throw malformed(call, "the body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw malformed(call, "the body is not a JSON object");
        }
        return body;
    }

    private static Optional<Long> rateLimitRemaining(HttpResult result) {
        try {
            return result.header("X-RateLimit-Remaining").map(String::trim).map(Long::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A permanent failure: Freshservice answered, but not as its API is documented. */
    static ConnectorException malformed(HttpCall call, String what) {
        return ConnectorException.permanent(
                "MalformedResponse", CONNECTOR + ": " + call.describe() + " answered with a malformed body: " + what);
    }

    private String mask(String text) {
        return text.replace(apiKey, MASK);
    }

    /**
     * A successful answer.
     *
     * @param call the request, to name in errors
     * @param status the 2xx status
     * @param body the JSON object
     * @param rateLimitRemaining {@code X-RateLimit-Remaining}: calls left in this minute
     */
    record Response(HttpCall call, int status, JsonNode body, Optional<Long> rateLimitRemaining) {

        /**
         * The array {@code field} of the body.
         *
         * @throws ConnectorException permanent {@code MalformedResponse} naming the field when absent
         */
        JsonNode array(String field) {
            JsonNode node = body.path(field);
            if (!node.isArray()) {
                throw malformed(call, "'" + field + "' is " + (node.isMissingNode() ? "missing" : "not an array"));
            }
            return node;
        }

        /**
         * The object {@code field} of the body.
         *
         * @throws ConnectorException permanent {@code MalformedResponse} naming the field when absent
         */
        JsonNode object(String field) {
            JsonNode node = body.path(field);
            if (!node.isObject()) {
                throw malformed(call, "'" + field + "' is " + (node.isMissingNode() ? "missing" : "not an object"));
            }
            return node;
        }
    }
}
