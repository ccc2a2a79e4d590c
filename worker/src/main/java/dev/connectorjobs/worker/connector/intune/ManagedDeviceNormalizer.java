package dev.connectorjobs.worker.connector.intune;

import static dev.connectorjobs.worker.connector.microsoft.GraphValues.id;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.object;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.text;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.time;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.microsoft.GraphValues;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns one Graph {@code managedDevice} into a {@link NormalizedAsset}: {@code source_id} is the
 * managed device's id (the one {@code sync_device} takes, not the Entra {@code azureADDeviceId},
 * which stays in the attributes to join with {@code entra_id}); {@code last_seen} is {@code
 * lastSyncDateTime}, absent for a device that never synced (Graph's {@code 0001-01-01T00:00:00Z}).
 * Managed devices carry no IP address in Graph v1.0.
 */
final class ManagedDeviceNormalizer {

    /** The fields asked for ({@code $select}): the mapped ones, then those kept as attributes. */
    static final List<String> SELECT = List.of(
            "id",
            "deviceName",
            "operatingSystem",
            "osVersion",
            "serialNumber",
            "lastSyncDateTime",
            "azureADDeviceId",
            "userPrincipalName",
            "managedDeviceOwnerType",
            "complianceState",
            "managementAgent",
            "manufacturer",
            "model",
            "enrolledDateTime",
            "wiFiMacAddress",
            "imei");

    private static final Set<String> MAPPED =
            Set.of("id", "deviceName", "operatingSystem", "osVersion", "serialNumber", "lastSyncDateTime");

    private final GraphValues values;

    ManagedDeviceNormalizer(ObjectMapper mapper) {
        this.values = new GraphValues(mapper);
    }

    /** Normalizes {@code device}, the element at {@code path} (e.g. {@code value[3]}) of a page. */
    NormalizedAsset normalize(JsonNode device, String path) {
        object(device, path);
        String serial = text(device, "serialNumber", path);
        return new NormalizedAsset(
                IntuneConnector.CONNECTOR.name(),
                id(device, "id", path),
                text(device, "deviceName", path),
                serial == null || serial.isBlank() ? null : serial,
                text(device, "operatingSystem", path),
                text(device, "osVersion", path),
                List.of(),
                time(device, "lastSyncDateTime", path),
                values.attributes(device, MAPPED));
    }
}
