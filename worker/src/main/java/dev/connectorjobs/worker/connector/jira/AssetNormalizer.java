package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.model.asset.NormalizedAsset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one Assets object into a {@link NormalizedAsset}: {@code id} is the source id, {@code
 * label} the name, {@code updated} the last-seen time, and attributes are named as the object type
 * names them ({@code attributes[].objectTypeAttribute.name}, or the page's {@code
 * objectTypeAttributes} by {@code objectTypeAttributeId}, which is what the AQL endpoint sends).
 * Attributes the object type calls e.g. "Serial Number", "Operating System", "OS Version" or "IP
 * Address" fill the normalized fields; all attributes are kept under their own names, with {@code
 * objectKey} and {@code objectType}.
 */
final class AssetNormalizer {

    static final String SOURCE = JiraApi.CONNECTOR;

    private static final Set<String> SERIAL = Set.of("serialnumber", "serial", "serialno");
    private static final Set<String> OS = Set.of("operatingsystem", "os", "osname");
    private static final Set<String> OS_VERSION = Set.of("osversion", "operatingsystemversion");
    private static final Set<String> IP = Set.of("ipaddress", "ipaddresses", "ip", "ips");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;\\s]+");
    private static final DateTimeFormatter JIRA_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private AssetNormalizer() {}

    /**
     * Normalizes {@code object}.
     *
     * @param attributeNames object type attribute id to name, from the page
     * @param where the page, for error messages
     * @throws dev.connectorjobs.worker.attempt.ConnectorException permanent {@code
     *     MalformedResponse} when the object has no id
     */
    static NormalizedAsset normalize(JsonNode object, Map<String, String> attributeNames, String where) {
        JsonNode id = object.get("id");
        if (id == null
                || !(id.isString() || id.isIntegralNumber())
                || id.asString().isEmpty()) {
            throw JiraApi.malformed("an object in " + where + " has no 'id'");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        putText(attributes, "objectKey", object.get("objectKey"));
        putText(attributes, "objectType", object.path("objectType").get("name"));
        String serial = null;
        String os = null;
        String osVersion = null;
        List<String> ips = new ArrayList<>();
        for (JsonNode attribute : object.path("attributes").values()) {
            String name = name(attribute, attributeNames);
            List<String> values = values(attribute);
            if (values.isEmpty()) {
                continue;
            }
            attributes.put(name, values.size() == 1 ? values.getFirst() : values);
            String key = NOT_ALPHANUMERIC.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
            if (SERIAL.contains(key)) {
                serial = values.getFirst();
            } else if (OS.contains(key)) {
                os = values.getFirst();
            } else if (OS_VERSION.contains(key)) {
                osVersion = values.getFirst();
            } else if (IP.contains(key)) {
                values.stream()
                        .flatMap(LIST_SEPARATOR::splitAsStream)
                        .filter(ip -> !ip.isEmpty())
                        .forEach(ips::add);
            }
        }
        return new NormalizedAsset(
                SOURCE,
                id.asString(),
                text(object.get("label")),
                serial,
                os,
                osVersion,
                ips,
                instant(text(object.get("updated"))),
                attributes);
    }

    private static String name(JsonNode attribute, Map<String, String> attributeNames) {
        JsonNode inline = attribute.path("objectTypeAttribute").get("name");
        if (inline != null && inline.isString()) {
            return inline.stringValue();
        }
        String typeAttributeId = attribute.path("objectTypeAttributeId").asString("");
        return attributeNames.getOrDefault(typeAttributeId, "attribute_" + typeAttributeId);
    }

    /**
     * The values of one attribute as text: a referenced object's label, a status's name, a user's
     * display name, a group's name, else {@code value} (machine-readable, e.g. ISO dates), else
     * {@code displayValue}.
     */
    private static List<String> values(JsonNode attribute) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : attribute.path("objectAttributeValues").values()) {
            String text = firstText(
                    value.path("referencedObject").get("label"),
                    value.path("status").get("name"),
                    value.path("user").get("displayName"),
                    value.path("group").get("name"),
                    value.get("value"),
                    value.get("displayValue"));
            if (text != null && !text.isEmpty()) {
                values.add(text);
            }
        }
        return values;
    }

    private static @Nullable String firstText(@Nullable JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate != null && candidate.isValueNode() && !candidate.isNull()) {
                return candidate.asString();
            }
        }
        return null;
    }

    private static void putText(Map<String, Object> attributes, String name, @Nullable JsonNode node) {
        String text = text(node);
        if (text != null) {
            attributes.put(name, text);
        }
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asString() : null;
    }

    /** ISO-8601 as Assets sends it ({@code 2021-02-16T20:04:41.527Z}), or Jira's {@code +0000} form. */
    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, JIRA_OFFSET).toInstant();
            } catch (DateTimeParseException ignored) {
                return null; // a missing last-seen time is no reason to lose the asset
            }
        }
    }
}
