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
 * Turns one Jamf Pro computer ({@code GET /api/v1/computers-inventory} with the GENERAL, HARDWARE and
 * OPERATING_SYSTEM sections) into a {@link NormalizedAsset}: {@code source_id} is its {@code id} (the
 * one {@code redeploy_framework} takes), the name {@code general.name}, the serial number {@code
 * hardware.serialNumber}, the OS {@code operatingSystem.name} at {@code operatingSystem.version},
 * the addresses {@code general.lastIpAddress} and {@code general.lastReportedIp}, last seen {@code
 * general.lastContactTime}. The {@code udid}, model, management id and the like go to the attributes
 * under Jamf's names.
 */
final class ComputerNormalizer {

    private static final List<String> GENERAL = List.of(
            "platform", "managementId", "assetTag", "reportDate", "lastEnrolledDate", "supervised", "userApprovedMdm");
    private static final List<String> HARDWARE = List.of("model", "modelIdentifier", "make", "macAddress");

    /**
     * Normalizes {@code computer}, the element at {@code path} (e.g. {@code results[3]}) of a page.
     *
     * @throws MalformedItemException naming the field when a documented field has the wrong shape
     */
    NormalizedAsset normalize(JsonNode computer, String path) {
        if (!computer.isObject()) {
            throw new MalformedItemException(path + " is not an object");
        }
        String id = JamfFields.id(computer, "id", path);
        JsonNode general = section(computer, "general", path);
        JsonNode hardware = section(computer, "hardware", path);
        JsonNode os = section(computer, "operatingSystem", path);
        Map<String, Object> attributes = new LinkedHashMap<>();
        String udid = text(computer, "udid", path);
        if (udid != null) {
            attributes.put("udid", udid);
        }
        copy(general, GENERAL, attributes);
        copy(hardware, HARDWARE, attributes);
        copy(os, List.of("build"), attributes);
        return new NormalizedAsset(
                JamfConnector.CONNECTOR,
                id,
                text(general, "name", path + ".general"),
                text(hardware, "serialNumber", path + ".hardware"),
                text(os, "name", path + ".operatingSystem"),
                text(os, "version", path + ".operatingSystem"),
                JamfFields.addresses(
                        text(general, "lastIpAddress", path + ".general"),
                        text(general, "lastReportedIp", path + ".general")),
                JamfFields.time(general, "lastContactTime", path + ".general"),
                attributes);
    }
}
