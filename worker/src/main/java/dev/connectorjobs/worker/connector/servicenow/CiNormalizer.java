package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.model.asset.NormalizedAsset;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns one CMDB record into a {@link NormalizedAsset}: {@code sys_id} is the source id; {@code
 * name}, {@code serial_number}, {@code os}, {@code os_version}, {@code ip_address} and {@code
 * sys_updated_on} (the last seen time) map to their normalized fields; every other non-empty field
 * goes to the attributes under its own name. The Table API sends every value as a string, empty
 * for "no value"; reference fields are plain sys_ids with {@code sysparm_exclude_reference_link}, or
 * {@code {"link", "value"}} objects without it, and both are understood.
 */
final class CiNormalizer {

    /** Date-times of the Table API without display values: UTC, {@code 2024-03-01 08:15:00}. */
    static final DateTimeFormatter GLIDE_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Set<String> MAPPED =
            Set.of("sys_id", "name", "serial_number", "os", "os_version", "ip_address", "sys_updated_on");

    private final ObjectMapper mapper;

    CiNormalizer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The normalized form of {@code record}, the {@code index}-th of its page.
     *
     * @throws dev.connectorjobs.worker.attempt.ConnectorException permanent {@code
     *     MalformedResponse} when the record has no {@code sys_id}
     */
    NormalizedAsset normalize(int index, JsonNode record) {
        String sysId = value(record.get("sys_id"));
        if (sysId == null) {
            throw ResponseReader.malformed("response field 'result[" + index + "].sys_id' is missing");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            if (!MAPPED.contains(field.getKey())) {
                Object value = attribute(field.getValue());
                if (value != null) {
                    attributes.put(field.getKey(), value);
                }
            }
        }
        String updated = value(record.get("sys_updated_on"));
        Instant lastSeen = instant(updated);
        if (updated != null && lastSeen == null) {
            attributes.put("sys_updated_on", updated);
        }
        return new NormalizedAsset(
                ServiceNowConnector.NAME,
                sysId,
                value(record.get("name")),
                value(record.get("serial_number")),
                value(record.get("os")),
                value(record.get("os_version")),
                addresses(value(record.get("ip_address"))),
                lastSeen,
                Collections.unmodifiableMap(attributes));
    }

    /** A field's value as text; null for absent, null or empty values. */
    static @Nullable String value(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return value(node.get("value"));
        }
        if (node.isContainer()) {
            return null;
        }
        String text = node.asString().trim();
        return text.isEmpty() ? null : text;
    }

    private @Nullable Object attribute(JsonNode node) {
        if (node.isObject() && node.has("value")) {
            return value(node);
        }
        if (node.isContainer()) {
            return node.isEmpty() ? null : mapper.convertValue(node, Object.class);
        }
        return value(node);
    }

    /** The instant of a Table API date-time; null when absent or not in that format. */
    static @Nullable Instant instant(@Nullable String glideDateTime) {
        if (glideDateTime == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(glideDateTime, GLIDE_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> addresses(@Nullable String ipAddress) {
        if (ipAddress == null) {
            return List.of();
        }
        return Arrays.stream(ipAddress.split("[,;\\s]+"))
                .filter(a -> !a.isEmpty())
                .toList();
    }
}
