package dev.connectorjobs.cli;

import dev.connectorjobs.client.JobRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One line of an NDJSON batch file: a job as {@code POST /api/v1/jobs} takes it, and the
 * idempotency key derived from the salt (by default the file's name), the line number and the
 * line's text. The same line at the same place of a file of the same name always gets the same key,
 * so a rerun after an interruption is answered with the tasks already created instead of creating
 * them again; a changed line is a new job.
 */
final class BatchLine {

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

    private BatchLine() {}

    static String key(String salt, long lineNumber, String line) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((salt + "\n" + lineNumber + "\n" + line).getBytes(StandardCharsets.UTF_8));
            return "ndjson-" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The job on the line; a {@link UsageException} says what is wrong with it. */
    static JobRequest parse(String line) {
        JsonNode node = Json.parse(line, "the line");
        if (!node.isObject()) {
            throw new UsageException("the line must be a JSON object with connector, operation and params");
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new UsageException("'" + name + "' is not a known field; known fields: " + FIELDS);
            }
        }
        String connector = text(node, "connector");
        String operation = text(node, "operation");
        Map<String, Object> params = new LinkedHashMap<>();
        JsonNode given = node.path("params");
        if (!given.isMissingNode() && !given.isNull() && !given.isObject()) {
            throw new UsageException("params must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : given.properties()) {
            params.put(e.getKey(), e.getValue());
        }
        return new JobRequest(
                connector,
                operation,
                params,
                node.hasNonNull("max_retries") ? node.get("max_retries").asInt() : null,
                node.hasNonNull("timeout_seconds") ? node.get("timeout_seconds").asInt() : null,
                node.hasNonNull("queue") ? node.get("queue").asString() : null,
                node.hasNonNull("callback_url") ? node.get("callback_url").asString() : null,
                node.hasNonNull("callback_secret") ? node.get("callback_secret").asString() : null,
                countdown(node),
                node.hasNonNull("eta") ? node.get("eta").asString() : null,
                expires(node),
                node.hasNonNull("priority") ? node.get("priority").asInt() : null);
    }

    /** The line's {@code countdown}, in seconds; the server checks its range. */
    private static java.math.@org.jspecify.annotations.Nullable BigDecimal countdown(JsonNode node) {
        JsonNode value = node.get("countdown");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new UsageException("countdown must be a number of seconds");
        }
        return value.decimalValue();
    }

    /** The line's {@code expires}: an instant (a string) or a number of seconds; the server checks both. */
    private static @org.jspecify.annotations.Nullable Object expires(JsonNode node) {
        JsonNode value = node.get("expires");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isString()) {
            return value.asString();
        }
        throw new UsageException("expires must be an ISO-8601 instant or a number of seconds");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new UsageException(field + " is required and must be a non-empty string");
        }
        return value.asString();
    }
}
