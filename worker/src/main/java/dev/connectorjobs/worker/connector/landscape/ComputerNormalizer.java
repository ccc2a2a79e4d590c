package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory;
import dev.connectorjobs.worker.connector.kit.ItemFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns one Landscape computer ({@code GET /api/v2/computers?with_network=true}) into a {@link
 * NormalizedAsset}: {@code source_id} is the computer's numeric {@code id}, the name its {@code
 * title} (what Landscape shows), else its {@code hostname}; the OS {@code Ubuntu} with {@code
 * distribution} (e.g. {@code 22.04}) as version; {@code last_seen} the {@code last_ping_time}; IP
 * addresses from {@code network_devices[].ip_address} (what {@code with_network} adds) and, where a
 * server reports hardware instead, {@code network[].ip} (skipping Landscape's {@code Not
 * available}). Tags, hostname, access group and the rest stay in the attributes.
 */
final class ComputerNormalizer {

    private static final Set<String> MAPPED =
            Set.of("id", "title", "last_ping_time", "distribution", "network_devices", "children", "parent");

    private final ObjectMapper mapper;

    ComputerNormalizer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Normalizes {@code computer}, the element at {@code path} (e.g. {@code results[3]}) of the page. */
    NormalizedAsset normalize(JsonNode computer, String path) {
        ItemFields.object(computer, path);
        String id = ItemFields.integerId(computer, "id", path);
        String title = text(computer.path("title"), path + ".title");
        String hostname = text(computer.path("hostname"), path + ".hostname");
        String distribution = text(computer.path("distribution"), path + ".distribution");
        return new NormalizedAsset(
                LandscapeConnector.CONNECTOR,
                id,
                title != null && !title.isBlank() ? title : hostname,
                null,
                distribution == null ? null : "Ubuntu",
                distribution,
                addresses(computer, path),
                ItemFields.time(computer, "last_ping_time", path),
                attributes(computer));
    }

    private static List<String> addresses(JsonNode computer, String path) {
        List<String> addresses = new ArrayList<>();
        collect(computer.path("network_devices"), "ip_address", path + ".network_devices", addresses);
        collect(computer.path("network"), "ip", path + ".network", addresses);
        return addresses;
    }

    private static void collect(JsonNode devices, String field, String path, List<String> addresses) {
        if (devices.isMissingNode() || devices.isNull()) {
            return;
        }
        if (!devices.isArray()) {
            throw new Inventory.MalformedItemException(path + " is not an array");
        }
        for (int i = 0; i < devices.size(); i++) {
            String address = text(devices.get(i).path(field), path + "[" + i + "]." + field);
            if (address != null && isAddress(address) && !addresses.contains(address)) {
                addresses.add(address);
            }
        }
    }

    /** Landscape writes {@code Not available} where a device has no address. */
    private static boolean isAddress(String text) {
        return !text.isBlank() && text.chars().anyMatch(Character::isDigit) && text.indexOf(' ') < 0;
    }

    /**
     * Any scalar as text: more lenient than {@code ItemFields.text}, which wants a JSON string, so a
     * number or boolean where Landscape documents a string is read rather than skipped.
     */
    private static @Nullable String text(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new Inventory.MalformedItemException(path + " is not a string");
        }
        return node.asString();
    }

    /** Every other non-null field by Landscape's name; network devices as reported. */
    private Map<String, Object> attributes(JsonNode computer) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : computer.properties()) {
            if (!MAPPED.contains(field.getKey()) && !field.getValue().isNull()) {
                attributes.put(field.getKey(), mapper.treeToValue(field.getValue(), Object.class));
            }
        }
        JsonNode devices = computer.path("network_devices");
        if (devices.isArray() && !devices.isEmpty()) {
            attributes.put("network_devices", mapper.treeToValue(devices, Object.class));
        }
        return attributes;
    }
}
