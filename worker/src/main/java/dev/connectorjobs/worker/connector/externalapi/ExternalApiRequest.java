package dev.connectorjobs.worker.connector.externalapi;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The params of one {@code external_api.request} job, checked. Everything that could steer the
 * request elsewhere than the configured service is rejected: a path that could leave the base URL's
 * path ({@link RequestPath}), and headers that are not allowed.
 *
 * @param method GET, POST, PUT, PATCH or DELETE
 * @param path the path below the base URL, starting with {@code /}, percent-encoded as sent
 * @param query query parameters, unencoded
 * @param headers allowed request headers, the idempotency key excluded
 * @param idempotencyKey the {@code Idempotency-Key} header, which makes any method retryable
 * @param body the JSON body, or null for none
 */
record ExternalApiRequest(
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> headers,
        @Nullable String idempotencyKey,
        @Nullable Object body) {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /**
     * Reads and checks {@code params}.
     *
     * @throws ConnectorException permanent {@code InvalidRequest}, saying what is wrong
     */
    static ExternalApiRequest parse(Map<String, Object> params, ExternalApiProperties properties) {
        String method = string(params, "method").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw invalid("method must be one of GET, POST, PUT, PATCH, DELETE; was '" + abbreviate(method) + "'");
        }
        String path = string(params, "path");
        RequestPath.check(path);
        Map<String, String> query = strings(params, "query");
        Map<String, String> headers = new LinkedHashMap<>();
        String idempotencyKey = null;
        for (Map.Entry<String, String> header : strings(params, "headers").entrySet()) {
            String name = header.getKey();
            if (!properties.allows(name)) {
                throw invalid(
                        "header '" + abbreviate(name) + "' is not allowed; allowed: " + properties.allowedHeaders());
            }
            if (name.equalsIgnoreCase("Idempotency-Key")) {
                idempotencyKey = header.getValue();
            } else {
                headers.put(name, header.getValue());
            }
        }
        Object body = params.get("body");
        if (body != null && method.equals("GET")) {
            throw invalid("a GET request carries no body; use POST, PUT or PATCH, or move the data to 'query'");
        }
        return new ExternalApiRequest(method, path, query, headers, idempotencyKey, body);
    }

    private static String string(Map<String, Object> params, String name) {
        if (params.get(name) instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw invalid(name + " is required and must be a non-empty string");
    }

    private static Map<String, String> strings(Map<String, Object> params, String name) {
        Object value = params.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(name + " must be an object of names to string values");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object v = entry.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw invalid(name + "." + entry.getKey() + " must be a string (or a number or boolean)");
            }
            strings.put(String.valueOf(entry.getKey()), String.valueOf(v));
        }
        return strings;
    }

    static ConnectorException invalid(String message) {
        return ConnectorErrors.invalidParams("external_api", message);
    }

    /** {@code text} printable and at most 80 characters long, to quote it in a message. */
    static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
    }
}
