package dev.connectorjobs.worker.connector.datadog;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.http.HttpResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Datadog's reading of failed answers. Datadog explains them in {@code {"errors": ["..."]}}, a list
 * of strings the kit does not read, so every failure quotes it.
 *
 * <ul>
 *   <li>403 (and 401): a key Datadog does not accept, which is how Datadog answers a wrong API key, a
 *       wrong application key, a key of another site, or an application key without the scope:
 *       permanent {@code AuthenticationFailed} naming the properties and the site. Not a breaker
 *       failure.
 *   <li>429: {@code X-RateLimit-Reset} is the number of seconds until the limit resets (not a time,
 *       and there is no {@code Retry-After}): it becomes the failure's wait, which {@code VendorApi}
 *       waits out before sending the same request again when it is within {@code max-throttle-wait}
 *       and the job's time limit, and which the job's retry waits for otherwise. The message names
 *       the limit ({@code X-RateLimit-Name}, {@code -Limit}, {@code -Period}).
 * </ul>
 */
final class DatadogFailures implements FailureHook {

    private final ObjectMapper mapper;
    private final URI site;
    private final UnaryOperator<String> mask;

    /**
     * @param site the configured base URL, named in the message of a refused key
     * @param mask masks the configured keys in Datadog's words
     */
    DatadogFailures(ObjectMapper mapper, URI site, UnaryOperator<String> mask) {
        this.mapper = mapper;
        this.site = site;
        this.mask = mask;
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        String because = because(result);
        return switch (status) {
            case 401, 403 ->
                Optional.of(ConnectorException.permanent(
                        "AuthenticationFailed",
                        request + because + "; Datadog refused the keys: check " + DatadogProperties.PREFIX
                                + ".auth.api-key and auth.application-key (scope hosts_read for fetch_assets), and"
                                + " that they belong to the site at " + DatadogProperties.PREFIX + ".base-url ("
                                + site + ")",
                        status));
            case 400, 404, 409, 422 ->
                Optional.of(ConnectorException.permanent(
                        status == 404 ? "NotFound" : "InvalidRequest", request + because, status));
            default -> Optional.empty();
        };
    }

    @Override
    public ConnectorException adjust(ConnectorException standard, String explanation, HttpResult result) {
        String message = standard.getMessage() + because(result);
        if (result.status() == 429) {
            Optional<Duration> reset = reset(result);
            return ConnectorException.retryable(
                    "Throttled",
                    message + limit(result, reset),
                    reset.or(standard::retryAfter).orElse(null),
                    429);
        }
        return standard.isRetryable()
                ? ConnectorException.retryable(
                        standard.errorType(), message, standard.retryAfter().orElse(null), result.status())
                : ConnectorException.permanent(standard.errorType(), message, result.status());
    }

    /** {@code X-RateLimit-Reset}: whole seconds until the limit resets. */
    static Optional<Duration> reset(HttpResult result) {
        return result.header("X-RateLimit-Reset").map(String::trim).flatMap(text -> {
            try {
                long seconds = Long.parseLong(text);
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String limit(HttpResult result, Optional<Duration> reset) {
        String name = result.header("X-RateLimit-Name").orElse("?");
        String limit = result.header("X-RateLimit-Limit").orElse("?");
        String period = result.header("X-RateLimit-Period").orElse("?");
        return "; rate limit " + name + " (" + limit + " requests per " + period + " s)"
                + reset.map(wait -> " resets in " + wait.toSeconds() + " s").orElse("");
    }

    /** {@code ": <Datadog's errors>"}, masked, or empty when the body has none. */
    private String because(HttpResult result) {
        JsonNode body = FailureHook.body(mapper, result);
        List<String> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors").values()) {
            String text = error.isString()
                    ? error.stringValue()
                    : error.path("detail").asString("");
            if (!text.isBlank()) {
                errors.add(text);
            }
        }
        String text = String.join("; ", errors).replaceAll("[\\r\\n]+", " ");
        text = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return text.isEmpty() ? "" : ": " + mask.apply(text);
    }
}
