package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the fields of one Graph or Defender list item for a normalizer, raising {@link
 * MalformedItemException} naming the item's path and field when a documented field has the wrong
 * shape.
 */
public final class GraphValues {

    /** Graph's "never" for a time (e.g. a device that never synced): {@code 0001-01-01T00:00:00Z}. */
    static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private final ObjectMapper mapper;

    public GraphValues(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The item as an object; {@code path} is where it is, e.g. {@code value[3]}. */
    public static JsonNode object(JsonNode item, String path) {
        if (!item.isObject()) {
            throw new MalformedItemException(path + " is not an object");
        }
        return item;
    }

    /** The non-blank string {@code field}. */
    public static String id(JsonNode item, String field, String path) {
        String id = text(item, field, path);
        if (id == null || id.isBlank()) {
            throw new MalformedItemException(path + "." + field + " is missing");
        }
        return id;
    }

    /** The string {@code field}, or null when absent or null. */
    public static @Nullable String text(JsonNode item, String field, String path) {
        JsonNode node = item.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new MalformedItemException(path + "." + field + " is not a string");
        }
        return node.stringValue();
    }

    /** The ISO-8601 time {@code field}, or null when absent, null, or Graph's "never". */
    public static @Nullable Instant time(JsonNode item, String field, String path) {
        String text = text(item, field, path);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant time = OffsetDateTime.parse(text).toInstant();
            return time.equals(NEVER) ? null : time;
        } catch (DateTimeParseException e) {
            throw new MalformedItemException(path + "." + field + " is not an ISO-8601 time");
        }
    }

    /** Every non-null field of {@code item} but {@code mapped} and OData annotations, by the vendor's names. */
    public Map<String, Object> attributes(JsonNode item, Set<String> mapped) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : item.properties()) {
            String name = field.getKey();
            if (!mapped.contains(name)
                    && !name.startsWith("@")
                    && !field.getValue().isNull()) {
                attributes.put(name, mapper.treeToValue(field.getValue(), Object.class));
            }
        }
        return attributes;
    }
}
