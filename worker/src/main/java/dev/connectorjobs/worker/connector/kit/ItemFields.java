package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one list item for a normalizer, raising {@link MalformedItemException} naming
 * the item's path and field (e.g. {@code value[3].lastSyncDateTime is not a string}) when a
 * documented field has the wrong shape, so one bad record is skipped and counted, not the page.
 *
 * <p>{@code path} is where the node is in the page, e.g. {@code value[3]} or {@code
 * data[1].attributes}.
 */
public final class ItemFields {

    private ItemFields() {}

    /** The item as an object. */
    public static JsonNode object(JsonNode item, String path) {
        if (!item.isObject()) {
            throw new MalformedItemException(path + " is not an object");
        }
        return item;
    }

    /** The object {@code field}, or a missing node when absent or null. */
    public static JsonNode optionalObject(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isMissingNode() && !value.isNull() && !value.isObject()) {
            throw new MalformedItemException(path + "." + field + " is not an object");
        }
        return value;
    }

    /** The string {@code field} as it is, or null when absent or null. */
    public static @Nullable String text(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new MalformedItemException(path + "." + field + " is not a string");
        }
        return value.stringValue();
    }

    /** The string {@code field}, or null when absent, null or blank. */
    public static @Nullable String nonBlankText(JsonNode node, String field, String path) {
        String text = text(node, field, path);
        return text == null || text.isBlank() ? null : text;
    }

    /** The non-blank string {@code field}, e.g. the item's id. */
    public static String id(JsonNode node, String field, String path) {
        String id = nonBlankText(node, field, path);
        if (id == null) {
            throw new MalformedItemException(path + "." + field + " is missing");
        }
        return id;
    }

    /** The integer {@code field} as text, e.g. the numeric id of an AWX host or a Landscape computer. */
    public static String integerId(JsonNode node, String field, String path) {
        JsonNode id = node.path(field);
        if (!id.isIntegralNumber()) {
            throw new MalformedItemException(
                    path + "." + field + " is " + (id.isMissingNode() ? "missing" : "not an integer"));
        }
        return id.asString();
    }

    /** The ISO-8601 time with offset {@code field}, or null when absent, null or blank. */
    public static @Nullable Instant time(JsonNode node, String field, String path) {
        return time(node, field, path, "an ISO-8601 time");
    }

    /**
     * The time with offset {@code field}, or null when absent, null or blank.
     *
     * @param format the vendor's name of the format, for the message, e.g. {@code an RFC 3339 time}
     */
    public static @Nullable Instant time(JsonNode node, String field, String path, String format) {
        String text = nonBlankText(node, field, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedItemException(path + "." + field + " is not " + format);
        }
    }

    /** A string, number or boolean as a plain Java value; null for anything else. */
    public static @Nullable Object plain(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return null;
    }
}
