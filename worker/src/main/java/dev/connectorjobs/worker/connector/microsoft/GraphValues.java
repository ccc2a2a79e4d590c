package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.worker.connector.kit.ItemFields;
import java.time.Instant;
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
        return ItemFields.object(item, path);
    }

    /** The non-blank string {@code field}. */
    public static String id(JsonNode item, String field, String path) {
        return ItemFields.id(item, field, path);
    }

    /** The string {@code field}, or null when absent or null. */
    public static @Nullable String text(JsonNode item, String field, String path) {
        return ItemFields.text(item, field, path);
    }

    /** The ISO-8601 time {@code field}, or null when absent, null, or Graph's "never". */
    public static @Nullable Instant time(JsonNode item, String field, String path) {
        Instant time = ItemFields.time(item, field, path);
        return NEVER.equals(time) ? null : time;
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
