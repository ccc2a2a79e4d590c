package dev.connectorjobs.worker.connector.jamf;

import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a Jamf Pro inventory record, naming the field ({@code results[3].general.name})
 * when it has the wrong shape. Jamf sends ids as strings ({@code "id": "42"}); a number is accepted
 * too. Sections that were not asked for, or that the server left out, are absent or null.
 */
final class JamfFields {

    private JamfFields() {}

    /** The section {@code field} of {@code record} (missing when absent or null); malformed when not an object. */
    static JsonNode section(JsonNode record, String field, String path) {
        JsonNode node = record.path(field);
        if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
            throw new MalformedItemException(path + "." + field + " is not an object");
        }
        return node;
    }

    /** The id at {@code field}: a non-blank string or an integer. */
    static String id(JsonNode record, String field, String path) {
        JsonNode id = record.path(field);
        if (id.isIntegralNumber()) {
            return id.asString();
        }
        if (id.isString() && !id.stringValue().isBlank()) {
            return id.stringValue().trim();
        }
        throw new MalformedItemException(
                path + "." + field + " is " + (id.isMissingNode() || id.isNull() ? "missing" : "not an id"));
    }

    /** The text at {@code field}, or null when absent, null or blank. */
    static @Nullable String text(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new MalformedItemException(path + "." + field + " is not a string");
        }
        return value.stringValue().isBlank() ? null : value.stringValue();
    }

    /** The ISO-8601 time at {@code field}, or null when absent. */
    static @Nullable Instant time(JsonNode node, String field, String path) {
        String text = text(node, field, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedItemException(path + "." + field + " is not an ISO-8601 time");
        }
    }

    /** Copies the scalar {@code fields} of {@code from} that are present into {@code to}, by Jamf's names. */
    static void copy(JsonNode from, List<String> fields, Map<String, Object> to) {
        for (String field : fields) {
            JsonNode value = from.path(field);
            if (value.isString() && !value.stringValue().isBlank()) {
                to.put(field, value.stringValue());
            } else if (value.isNumber()) {
                to.put(field, value.numberValue());
            } else if (value.isBoolean()) {
                to.put(field, value.booleanValue());
            }
        }
    }

    /** The addresses among {@code values} that are set, without repeats. */
    static List<String> addresses(@Nullable String... values) {
        List<String> addresses = new ArrayList<>();
        for (@Nullable String value : values) {
            if (value != null && !addresses.contains(value)) {
                addresses.add(value);
            }
        }
        return addresses;
    }
}
