package dev.connectorjobs.worker.connector.jamf;

import static dev.connectorjobs.worker.connector.jamf.JamfFields.copy;
import static dev.connectorjobs.worker.connector.jamf.JamfFields.section;
import static dev.connectorjobs.worker.connector.jamf.JamfFields.text;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns one Jamf Pro mobile device ({@code GET /api/v2/mobile-devices/detail} with the GENERAL and
 * HARDWARE sections) into a {@link NormalizedAsset}: {@code source_id} is {@value #PREFIX} and its
 * {@code mobileDeviceId}, since computer and mobile device ids are separate counters and both are
 * published as source {@code jamf}; the name is {@code general.displayName}, the serial number
 * {@code hardware.serialNumber}, the OS the {@code deviceType} ({@code iOS}, {@code tvOS}...) at
 * {@code general.osVersion}, the address {@code general.ipAddress}, last seen {@code
 * general.lastInventoryUpdateDate}. The bare id is the {@code mobile_device_id} attribute.
 */
final class MobileDeviceNormalizer {

    static final String PREFIX = "mobile-device/";

    private static final List<String> GENERAL = List.of(
            "udid",
            "managementId",
            "assetTag",
            "osBuild",
            "managed",
            "supervised",
            "deviceOwnershipType",
            "lastEnrolledDate");
    private static final List<String> HARDWARE = List.of("model", "modelIdentifier", "wifiMacAddress");

    /**
     * Normalizes {@code device}, the element at {@code path} (e.g. {@code results[3]}) of a page.
     *
     * @throws MalformedItemException naming the field when a documented field has the wrong shape
     */
    NormalizedAsset normalize(JsonNode device, String path) {
        if (!device.isObject()) {
            throw new MalformedItemException(path + " is not an object");
        }
        String id = JamfFields.id(device, "mobileDeviceId", path);
        JsonNode general = section(device, "general", path);
        JsonNode hardware = section(device, "hardware", path);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("mobile_device_id", id);
        copy(general, GENERAL, attributes);
        copy(hardware, HARDWARE, attributes);
        return new NormalizedAsset(
                JamfConnector.CONNECTOR,
                PREFIX + id,
                text(general, "displayName", path + ".general"),
                text(hardware, "serialNumber", path + ".hardware"),
                text(device, "deviceType", path),
                text(general, "osVersion", path + ".general"),
                JamfFields.addresses(text(general, "ipAddress", path + ".general")),
                JamfFields.time(general, "lastInventoryUpdateDate", path + ".general"),
                attributes);
    }
}
