package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * A vendor's answer: the status, the JSON body (a missing node when there was none), and the raw
 * result for headers. Its accessors name the connector, the request and the field when the body is
 * not shaped as documented, so a {@code MalformedResponse} says exactly what was wrong.
 *
 * @param connector the connector's name
 * @param request what was asked, safe to log ({@code GET /v1.0/users})
 * @param status the HTTP status
 * @param body the parsed body
 * @param result the raw result, for headers
 */
public record VendorResponse(String connector, String request, int status, JsonNode body, HttpResult result) {

    /**
     * The array at {@code field} (a field name, or a JSON pointer starting with {@code /}).
     *
     * @throws ConnectorException permanent {@code MalformedResponse} naming the field when it is
     *     missing or not an array
     */
    public JsonNode array(String field) {
        JsonNode node = at(field);
        if (!node.isArray()) {
            throw malformed(describe(field, node, "an array"));
        }
        return node;
    }

    /** The object at {@code field}; {@code MalformedResponse} when missing or not an object. */
    public JsonNode object(String field) {
        JsonNode node = at(field);
        if (!node.isObject()) {
            throw malformed(describe(field, node, "an object"));
        }
        return node;
    }

    /** The non-blank text at {@code field}; {@code MalformedResponse} when missing or not text. */
    public String text(String field) {
        return optionalText(field).orElseThrow(() -> malformed(describe(field, at(field), "a non-empty string")));
    }

    /**
     * The text at {@code field} when present and not null; {@code MalformedResponse} when it is
     * present but not a string.
     */
    public Optional<String> optionalText(String field) {
        JsonNode node = at(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw malformed(describe(field, node, "a string"));
        }
        String text = node.stringValue();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** The integer at {@code field} when present; {@code MalformedResponse} when present but not an integer. */
    public Optional<Long> optionalLong(String field) {
        JsonNode node = at(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.asLong());
        }
        if (node.isString()) {
            try {
                return Optional.of(Long.parseLong(node.stringValue().trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw malformed(describe(field, node, "an integer"));
    }

    /** The node at {@code field} (name or JSON pointer); a missing node when absent. */
    public JsonNode at(String field) {
        return field.startsWith("/") ? body.at(JsonPointer.compile(field)) : body.path(field);
    }

    /** The first value of header {@code name}. */
    public Optional<String> header(String name) {
        return result.header(name);
    }

    /** A permanent {@code MalformedResponse} about this answer: {@code what} names the field. */
    public ConnectorException malformed(String what) {
        return ConnectorErrors.malformed(connector, request, what);
    }

    private static String describe(String field, JsonNode node, String expected) {
        String name = field.startsWith("/") ? field.substring(1).replace('/', '.') : field;
        return "'" + name + "' is " + (node.isMissingNode() ? "missing" : "not " + expected);
    }
}
