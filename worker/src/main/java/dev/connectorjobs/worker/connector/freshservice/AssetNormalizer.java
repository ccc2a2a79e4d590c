package dev.connectorjobs.worker.connector.freshservice;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns one Freshservice asset ({@code GET /api/v2/assets?include=type_fields}) into a {@link
 * NormalizedAsset}.
 *
 * <p>{@code source_id} is the asset's {@code id}, not its {@code display_id}: the id is unique across
 * Freshservice and never changes, while the display id is a per-account counter (the number in the
 * UI and in {@code /api/v2/assets/{display_id}}), so two accounts feeding one topic would collide on
 * it. The display id stays in the attributes for whoever needs to address the asset.
 *
 * <p>Hardware details live in {@code type_fields}, keyed {@code <field>_<asset type id>}, where the id
 * is that of the type that defines the field: {@code serial_number_<Hardware id>}, {@code
 * os_<Computer id>}, {@code computer_ip_address_<Computer id>}. Fields are therefore matched by name
 * with the numeric suffix removed, whatever the account's type ids are.
 */
final class AssetNormalizer {

    private static final Pattern TYPE_FIELD = Pattern.compile("(.+)_(\\d+)");
    private static final List<String> IP_FIELDS = List.of("computer_ip_address", "ip_address");
    private static final Set<String> MAPPED = Set.of("id", "name", "updated_at", "type_fields");
    private static final Pattern IP_SEPARATOR = Pattern.compile("[,;\\s]+");

    private final ObjectMapper mapper;

    AssetNormalizer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Normalizes {@code asset}, the element at {@code path} (e.g. {@code assets[3]}) of the page.
     *
     * @throws MalformedAssetException naming the field, when a documented field has the wrong shape
     */
    NormalizedAsset normalize(JsonNode asset, String path) {
        if (!asset.isObject()) {
            throw new MalformedAssetException(path + " is not an object");
        }
        JsonNode id = asset.path("id");
        if (!id.isIntegralNumber()) {
            throw new MalformedAssetException(path + ".id is " + (id.isMissingNode() ? "missing" : "not an integer"));
        }
        JsonNode typeFields = asset.path("type_fields");
        if (!typeFields.isMissingNode() && !typeFields.isNull() && !typeFields.isObject()) {
            throw new MalformedAssetException(path + ".type_fields is not an object");
        }
        Map<String, String> byName = typeFieldsByName(typeFields);
        return new NormalizedAsset(
                FreshserviceConnector.CONNECTOR,
                id.asString(),
                string(asset.path("name"), path + ".name"),
                byName.get("serial_number"),
                byName.get("os"),
                byName.get("os_version"),
                ipAddresses(byName),
                lastSeen(asset.path("updated_at"), path + ".updated_at"),
                attributes(asset, typeFields));
    }

    /** Scalar type fields by their name without the type id suffix; empty values left out. */
    private static Map<String, String> typeFieldsByName(JsonNode typeFields) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : typeFields.properties()) {
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull() || value.asString().isBlank()) {
                continue;
            }
            Matcher name = TYPE_FIELD.matcher(field.getKey());
            byName.putIfAbsent(
                    name.matches() ? name.group(1) : field.getKey(),
                    value.asString().trim());
        }
        return byName;
    }

    private static List<String> ipAddresses(Map<String, String> byName) {
        List<String> addresses = new ArrayList<>();
        for (String field : IP_FIELDS) {
            String value = byName.get(field);
            if (value != null) {
                for (String address : IP_SEPARATOR.split(value)) {
                    if (!address.isEmpty() && !addresses.contains(address)) {
                        addresses.add(address);
                    }
                }
            }
        }
        return addresses;
    }

    private static @Nullable String string(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new MalformedAssetException(path + " is not a string");
        }
        return node.asString();
    }

    private static @Nullable Instant lastSeen(JsonNode node, String path) {
        String text = string(node, path);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedAssetException(path + " is not an ISO-8601 time: '" + abbreviate(text) + "'");
        }
    }

    /** Every other non-null field, by Freshservice's names; type fields as reported, in {@code type_fields}. */
    private Map<String, Object> attributes(JsonNode asset, JsonNode typeFields) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : asset.properties()) {
            if (!MAPPED.contains(field.getKey()) && !field.getValue().isNull()) {
                attributes.put(field.getKey(), plain(field.getValue()));
            }
        }
        Map<String, Object> types = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : typeFields.properties()) {
            if (!field.getValue().isNull()) {
                types.put(field.getKey(), plain(field.getValue()));
            }
        }
        if (!types.isEmpty()) {
            attributes.put("type_fields", types);
        }
        return attributes;
    }

    /** A JSON value as the plain Java value Jackson would read it as. */
    private Object plain(JsonNode value) {
        return mapper.treeToValue(value, Object.class);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    /** A documented asset field has the wrong shape; the message names it. */
    static final class MalformedAssetException extends Inventory.MalformedItemException {

        MalformedAssetException(String message) {
            super(message);
        }
    }
}
