package dev.connectorjobs.api.job;

import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.StorableInput;
import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns a submit request body into a {@link JobSubmission}, or an {@link InvalidRequestException}
 * listing every field that is wrong. Nothing is stored before this has passed.
 */
@Component
final class SubmissionParser {

    private static final Set<String> FIELDS = Set.of(
            "connector",
            "operation",
            "params",
            "max_retries",
            "timeout_seconds",
            "queue",
            "callback_url",
            "callback_secret",
            "countdown",
            "eta",
            "expires",
            "priority");

    /** Longest {@code callback_url}, in characters. */
    static final int MAX_CALLBACK_URL = 2048;

    private final ConnectorCatalog catalog;
    private final SubmissionProperties properties;
    private final ObjectMapper mapper;
    private final CallbackPolicy callbacks;
    private final TimingParser timing;

    SubmissionParser(
            ConnectorCatalog catalog,
            SubmissionProperties properties,
            ObjectMapper mapper,
            CallbackPolicy callbacks,
            TimingParser timing) {
        this.timing = timing;
        this.catalog = catalog;
        this.properties = properties;
        this.mapper = mapper;
        this.callbacks = callbacks;
    }

    JobSubmission parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("", "the request body must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(
                        name,
                        "is not a known field; known fields: "
                                + FIELDS.stream().sorted().toList()));
            }
        }
        String connector = requiredText(body, "connector", errors);
        String operation = requiredText(body, "operation", errors);
        Map<String, Object> params = params(body, errors);
        int maxRetries = boundedInt(
                body, "max_retries", properties.defaultMaxRetries(), 0, properties.maxRetriesLimit(), errors);
        int timeout = boundedInt(
                body,
                "timeout_seconds",
                connector == null || operation == null
                        ? properties.defaultTimeoutSeconds()
                        : properties.timeoutFor(connector, operation),
                1,
                properties.maxTimeoutSeconds(),
                errors);
        String queue = queue(body, connector, errors);
        int priority = boundedInt(
                body,
                "priority",
                JobSubmission.DEFAULT_PRIORITY,
                JobSubmission.MIN_PRIORITY,
                JobSubmission.MAX_PRIORITY,
                errors);
        Callback callback = callback(body, errors);
        Timing when = timing.parse(body, errors);
        if (connector != null && operation != null && params != null) {
            errors.addAll(catalog.validate(connector, operation, params));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new JobSubmission(
                Objects.requireNonNull(connector, "connector is null only when an error is recorded"),
                Objects.requireNonNull(operation, "operation is null only when an error is recorded"),
                Objects.requireNonNull(params, "params is null only when an error is recorded"),
                maxRetries,
                timeout,
                queue,
                callback,
                when,
                priority);
    }

    /** The callback, or null when none is named or it is refused (an error is added). */
    private @Nullable Callback callback(JsonNode body, List<FieldError> errors) {
        JsonNode url = body.get("callback_url");
        JsonNode secret = body.get("callback_secret");
        if (url == null || url.isNull()) {
            if (secret != null && !secret.isNull()) {
                errors.add(new FieldError("callback_secret", "is only meaningful with callback_url"));
            }
            return null;
        }
        int before = errors.size();
        if (!url.isString() || url.asString().isBlank() || url.asString().length() > MAX_CALLBACK_URL) {
            errors.add(new FieldError(
                    "callback_url", "must be an http(s) URL of at most " + MAX_CALLBACK_URL + " characters"));
        }
        String secretName = callbacks.defaultSecret();
        if (secret != null && !secret.isNull()) {
            if (!secret.isString() || secret.asString().isBlank()) {
                errors.add(new FieldError(
                        "callback_secret", "must be the name of a configured webhook secret (jobs.webhooks.secrets)"));
            } else {
                secretName = secret.asString();
            }
        }
        if (errors.size() > before) {
            return null;
        }
        List<FieldError> refused = callbacks.problems(url.asString(), secretName);
        errors.addAll(refused);
        return refused.isEmpty() ? new Callback(url.asString(), secretName) : null;
    }

    /** The field's text, or null when it is missing or not a non-empty string (an error is added). */
    private static @Nullable String requiredText(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            errors.add(new FieldError(field, "must be a non-empty string"));
            return null;
        }
        return node.asString();
    }

    /** The params object, or null when it is not a storable JSON object (an error is added). */
    @SuppressWarnings("unchecked")
    private @Nullable Map<String, Object> params(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("params");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError("params", "must be a JSON object"));
            return null;
        }
        Optional<StorableInput.Problem> unstorable = StorableInput.problemIn("params", node);
        if (unstorable.isPresent()) {
            errors.add(new FieldError(unstorable.get().field(), unstorable.get().message()));
            return null;
        }
        return mapper.convertValue(node, LinkedHashMap.class);
    }

    private static int boundedInt(
            JsonNode body, String field, int fallback, int min, int max, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(new FieldError(field, "must be an integer between " + min + " and " + max));
            return fallback;
        }
        int value = node.asInt();
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + ", was " + value));
        }
        return value;
    }

    private String queue(JsonNode body, @Nullable String connector, List<FieldError> errors) {
        JsonNode node = body.get("queue");
        if (node == null || node.isNull()) {
            return connector == null ? properties.defaultQueue() : properties.queueFor(connector);
        }
        if (!node.isString() || !properties.queues().contains(node.asString())) {
            errors.add(new FieldError("queue", "must be one of the queues workers consume: " + properties.queues()));
            return properties.defaultQueue();
        }
        return node.asString();
    }
}
