package dev.connectorjobs.worker.connector.abm;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import dev.connectorjobs.worker.connector.kit.ItemFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one Apple Business Manager {@code orgDevices} resource ({@code {"type", "id",
 * "attributes"}}) into a {@link NormalizedAsset}: {@code source_id} is its {@code id}, the name its
 * {@code deviceModel}, the serial number {@code serialNumber}, last seen {@code updatedDateTime}
 * (when Apple's record last changed: Apple Business Manager never hears from the device itself).
 * The OS follows from {@code productFamily} ({@code Mac} is macOS, {@code iPhone} iOS...); Apple
 * reports no OS version. Every other attribute ({@code status}, {@code productFamily}, {@code
 * productType}, order and purchase details, {@code imei}...) goes to the attributes under Apple's
 * names.
 */
final class OrgDeviceNormalizer {

    private static final Map<String, String> OS_BY_FAMILY = Map.of(
            "Mac", "macOS",
            "iPhone", "iOS",
            "iPad", "iPadOS",
            "AppleTV", "tvOS",
            "Watch", "watchOS",
            "Vision", "visionOS",
            "iPod", "iOS");
    private static final Set<String> MAPPED = Set.of("serialNumber", "deviceModel", "updatedDateTime");

    /**
     * Normalizes {@code device}, the element at {@code path} (e.g. {@code data[3]}) of a page.
     *
     * @throws MalformedItemException naming the field when a documented field has the wrong shape
     */
    NormalizedAsset normalize(JsonNode device, String path) {
        ItemFields.object(device, path);
        String id = ItemFields.id(device, "id", path);
        JsonNode attributes = device.path("attributes");
        if (!attributes.isObject()) {
            throw new MalformedItemException(
                    path + ".attributes is " + (attributes.isMissingNode() ? "missing" : "not an object"));
        }
        String where = path + ".attributes";
        String family = text(attributes, "productFamily", where);
        return new NormalizedAsset(
                AbmConnector.CONNECTOR,
                id,
                text(attributes, "deviceModel", where),
                text(attributes, "serialNumber", where),
                family == null ? null : OS_BY_FAMILY.get(family),
                null,
                List.of(),
                ItemFields.time(attributes, "updatedDateTime", where),
                others(attributes));
    }

    /** Every other non-null attribute: strings, numbers and booleans as they are, lists of them as lists. */
    private static Map<String, Object> others(JsonNode attributes) {
        Map<String, Object> others = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : attributes.properties()) {
            JsonNode value = field.getValue();
            if (MAPPED.contains(field.getKey()) || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                List<Object> items = new ArrayList<>();
                value.forEach(item -> {
                    Object plain = ItemFields.plain(item);
                    if (plain != null) {
                        items.add(plain);
                    }
                });
                others.put(field.getKey(), items);
            } else {
                Object plain = ItemFields.plain(value);
                if (plain != null) {
                    others.put(field.getKey(), plain);
                }
            }
        }
        return others;
    }

    private static @Nullable String text(JsonNode node, String field, String path) {
        return ItemFields.nonBlankText(node, field, path);
    }
}
