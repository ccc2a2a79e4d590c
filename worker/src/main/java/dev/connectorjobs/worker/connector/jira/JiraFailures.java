package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.connector.kit.Masking;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.http.HttpResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Jira's reading of failed answers: 401 is a permanent {@code AuthenticationFailed} naming the auth
 * properties, 403 a permanent {@code PermissionDenied}, other 4xx (but 408 and 429) permanent {@code
 * HttpClientError}s, each with Jira's own {@code errorMessages} and {@code errors}; a 429 without
 * {@code Retry-After} waits until {@code X-RateLimit-Reset}, an ISO-8601 instant on Jira Cloud.
 */
final class JiraFailures implements FailureHook {

    private static final int MAX_DETAIL = 300;

    private final ObjectMapper mapper;
    private final Clock clock;
    private final VendorAuth auth;

    JiraFailures(ObjectMapper mapper, Clock clock, VendorAuth auth) {
        this.mapper = mapper;
        this.clock = clock;
        this.auth = auth;
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        if (status == 401) {
            return Optional.of(ConnectorException.permanent(
                    "AuthenticationFailed",
                    request + detail(result) + "; check " + JiraProperties.PREFIX
                            + "auth.username and .token (an API token of that account) or .bearer-token",
                    status));
        }
        if (status == 403) {
            return Optional.of(ConnectorException.permanent(
                    "PermissionDenied",
                    request + detail(result)
                            + "; the configured account lacks a permission (or an OAuth scope) for this call",
                    status));
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Optional.of(ConnectorException.permanent("HttpClientError", request + detail(result), status));
        }
        return Optional.empty();
    }

    @Override
    public ConnectorException adjust(ConnectorException standard, String explanation, HttpResult result) {
        if (result.status() != 429 || standard.retryAfter().isPresent()) {
            return standard;
        }
        return rateLimitReset(result)
                .map(wait -> ConnectorException.retryable(
                        "Throttled", String.valueOf(standard.getMessage()), wait, result.status()))
                .orElse(standard);
    }

    /** The wait until {@code X-RateLimit-Reset}. */
    private Optional<Duration> rateLimitReset(HttpResult result) {
        return result.header("X-RateLimit-Reset").flatMap(JiraFailures::instant).map(reset -> {
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
     * message}}}, shortened and masked; empty when there is none.
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
        text = text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
        return ": " + Masking.mask(text, auth.secrets());
    }
}
