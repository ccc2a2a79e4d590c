package dev.connectorjobs.worker.connector.entraid;

import static dev.connectorjobs.worker.connector.microsoft.GraphValues.id;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.object;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.text;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.time;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import dev.connectorjobs.worker.connector.microsoft.GraphValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns one Entra user or device into a {@link NormalizedAsset}, {@code source_id} its object id.
 *
 * <p>The shared model has no identity record, so users are normalized assets too, told apart by
 * {@code attributes.kind = "user"} (with {@code user_principal_name}, {@code mail}, {@code
 * account_enabled}); devices have {@code attributes.kind = "device"} and their {@code device_id}
 * (the id Intune calls {@code azureADDeviceId}). An item a delta query reports as removed ({@code
 * "@removed": {"reason": "deleted"|"changed"}}) carries only its id: its record says {@code
 * attributes.removed = true} and the reason.
 */
final class DirectoryNormalizer {

    private static final Set<String> USER_MAPPED =
            Set.of("id", "displayName", "userPrincipalName", "mail", "accountEnabled");
    private static final Set<String> DEVICE_MAPPED = Set.of(
            "id",
            "deviceId",
            "displayName",
            "operatingSystem",
            "operatingSystemVersion",
            "approximateLastSignInDateTime",
            "accountEnabled");

    private final GraphValues values;

    DirectoryNormalizer(ObjectMapper mapper) {
        this.values = new GraphValues(mapper);
    }

    NormalizedAsset user(JsonNode user, String path) {
        object(user, path);
        Map<String, Object> attributes = start("user", user, path);
        putIfPresent(attributes, "user_principal_name", text(user, "userPrincipalName", path));
        putIfPresent(attributes, "mail", text(user, "mail", path));
        putIfPresent(attributes, "account_enabled", bool(user, "accountEnabled", path));
        attributes.putAll(values.attributes(user, USER_MAPPED));
        return new NormalizedAsset(
                EntraIdConnector.CONNECTOR.name(),
                id(user, "id", path),
                text(user, "displayName", path),
                null,
                null,
                null,
                List.of(),
                null,
                attributes);
    }

    NormalizedAsset device(JsonNode device, String path) {
        object(device, path);
        Map<String, Object> attributes = start("device", device, path);
        putIfPresent(attributes, "device_id", text(device, "deviceId", path));
        putIfPresent(attributes, "account_enabled", bool(device, "accountEnabled", path));
        attributes.putAll(values.attributes(device, DEVICE_MAPPED));
        return new NormalizedAsset(
                EntraIdConnector.CONNECTOR.name(),
                id(device, "id", path),
                text(device, "displayName", path),
                null,
                text(device, "operatingSystem", path),
                text(device, "operatingSystemVersion", path),
                List.of(),
                time(device, "approximateLastSignInDateTime", path),
                attributes);
    }

    /** {@code kind}, and {@code removed} with its reason for an item a delta query removed. */
    private static Map<String, Object> start(String kind, JsonNode item, String path) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("kind", kind);
        JsonNode removed = item.path("@removed");
        if (!removed.isMissingNode() && !removed.isNull()) {
            if (!removed.isObject()) {
                throw new MalformedItemException(path + ".@removed is not an object");
            }
            attributes.put("removed", true);
            putIfPresent(attributes, "removed_reason", text(removed, "reason", path + ".@removed"));
        }
        return attributes;
    }

    private static @Nullable Boolean bool(JsonNode item, String field, String path) {
        JsonNode node = item.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new MalformedItemException(path + "." + field + " is not true or false");
        }
        return node.booleanValue();
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, @Nullable Object value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
