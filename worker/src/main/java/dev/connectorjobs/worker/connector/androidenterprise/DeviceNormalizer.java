package dev.connectorjobs.worker.connector.androidenterprise;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import dev.connectorjobs.worker.connector.kit.ItemFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one Android Management API {@code Device} ({@code GET /enterprises/{id}/devices}) into a
 * {@link NormalizedAsset}: {@code source_id} is the last part of its {@code name} ({@code
 * enterprises/LC.../devices/<id>}, the id {@code issue_command} takes), the name is the hardware
 * model, the serial number {@code hardwareInfo.serialNumber}, the OS {@code Android} at {@code
 * softwareInfo.androidVersion}, last seen {@code lastStatusReportTime} (or {@code
 * lastPolicySyncTime} when the device never reported status). The state, management mode,
 * ownership, policy, enrollment and hardware fields go to the attributes under Google's names.
 */
final class DeviceNormalizer {

    private static final List<String> TOP_LEVEL = List.of(
            "state",
            "appliedState",
            "managementMode",
            "ownership",
            "policyName",
            "appliedPolicyName",
            "policyCompliant",
            "enrollmentTime",
            "lastPolicySyncTime",
            "lastStatusReportTime",
            "userName",
            "apiLevel");
    private static final List<String> HARDWARE = List.of("brand", "manufacturer", "model", "hardware");

    /**
     * Normalizes {@code device}, the element at {@code path} (e.g. {@code devices[3]}) of a page.
     *
     * @throws MalformedItemException naming the field when a documented field has the wrong shape
     */
    NormalizedAsset normalize(JsonNode device, String path) {
        ItemFields.object(device, path);
        String name = text(device, "name", path);
        if (name == null || name.endsWith("/")) {
            throw new MalformedItemException(path + ".name is " + (name == null ? "missing" : "not a device name"));
        }
        JsonNode hardware = ItemFields.optionalObject(device, "hardwareInfo", path);
        JsonNode software = ItemFields.optionalObject(device, "softwareInfo", path);
        Instant lastSeen = time(device, "lastStatusReportTime", path);
        return new NormalizedAsset(
                AndroidEnterpriseConnector.CONNECTOR,
                name.substring(name.lastIndexOf('/') + 1),
                text(hardware, "model", path + ".hardwareInfo"),
                text(hardware, "serialNumber", path + ".hardwareInfo"),
                "Android",
                text(software, "androidVersion", path + ".softwareInfo"),
                List.of(),
                lastSeen != null ? lastSeen : time(device, "lastPolicySyncTime", path),
                attributes(device, hardware, software, name));
    }

    private static Map<String, Object> attributes(JsonNode device, JsonNode hardware, JsonNode software, String name) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        copy(device, TOP_LEVEL, attributes);
        copy(hardware, HARDWARE, attributes);
        copy(software, List.of("securityPatchLevel", "androidBuildNumber"), attributes);
        JsonNode imei = device.path("networkInfo").path("imei");
        if (imei.isString()) {
            attributes.put("imei", imei.stringValue());
        }
        return attributes;
    }

    private static void copy(JsonNode from, List<String> fields, Map<String, Object> to) {
        for (String field : fields) {
            Object value = ItemFields.plain(from.path(field));
            if (value != null) {
                to.put(field, value);
            }
        }
    }

    private static @Nullable String text(JsonNode node, String field, String path) {
        return ItemFields.nonBlankText(node, field, path);
    }

    private static @Nullable Instant time(JsonNode device, String field, String path) {
        return ItemFields.time(device, field, path, "an RFC 3339 time");
    }
}
