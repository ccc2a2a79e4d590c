package dev.connectorjobs.worker.connector.sccm;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one {@code SMS_R_System} instance ({@code GET /AdminService/wmi/SMS_R_System}) into a {@link
 * NormalizedAsset}: {@code source_id} is its {@code ResourceId}, the name {@code Name}, the OS {@code
 * OperatingSystemNameandVersion} (e.g. {@code Microsoft Windows NT Workstation 10.0}) at {@code
 * Build}, the addresses {@code IPAddresses}, last seen {@code LastLogonTimestamp} (the last Active
 * Directory logon discovery found; Configuration Manager keeps client activity elsewhere). The serial
 * number is not part of {@code SMS_R_System} (it is hardware inventory, {@code
 * SMS_G_System_PC_BIOS}), so it stays empty. {@code Client}, {@code LastLogonUserName}, {@code
 * SMSUniqueIdentifier} and the like go to the attributes under Configuration Manager's names.
 */
final class SystemNormalizer {

    /** The properties asked for with {@code $select}. */
    static final List<String> SELECT = List.of(
            "ResourceId",
            "Name",
            "NetbiosName",
            "OperatingSystemNameandVersion",
            "Build",
            "Client",
            "ClientVersion",
            "Active",
            "Obsolete",
            "Decommissioned",
            "LastLogonUserName",
            "LastLogonTimestamp",
            "IPAddresses",
            "MACAddresses",
            "ResourceDomainORWorkgroup",
            "SMSUniqueIdentifier",
            "DistinguishedName");

    private static final List<String> ATTRIBUTES = List.of(
            "NetbiosName",
            "Client",
            "ClientVersion",
            "Active",
            "Obsolete",
            "Decommissioned",
            "LastLogonUserName",
            "ResourceDomainORWorkgroup",
            "SMSUniqueIdentifier",
            "DistinguishedName");

    /**
     * Normalizes {@code system}, the element at {@code path} (e.g. {@code value[3]}) of a page.
     *
     * @throws MalformedItemException naming the field when a documented field has the wrong shape
     */
    NormalizedAsset normalize(JsonNode system, String path) {
        if (!system.isObject()) {
            throw new MalformedItemException(path + " is not an object");
        }
        JsonNode id = system.path("ResourceId");
        if (!id.isIntegralNumber()) {
            throw new MalformedItemException(
                    path + ".ResourceId is " + (id.isMissingNode() || id.isNull() ? "missing" : "not an integer"));
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String field : ATTRIBUTES) {
            JsonNode value = system.path(field);
            if (value.isString() && !value.stringValue().isBlank()) {
                attributes.put(field, value.stringValue());
            } else if (value.isNumber()) {
                attributes.put(field, value.numberValue());
            } else if (value.isBoolean()) {
                attributes.put(field, value.booleanValue());
            }
        }
        List<String> macs = strings(system, "MACAddresses", path);
        if (!macs.isEmpty()) {
            attributes.put("MACAddresses", macs);
        }
        return new NormalizedAsset(
                SccmConnector.CONNECTOR,
                id.asString(),
                text(system, "Name", path),
                null,
                text(system, "OperatingSystemNameandVersion", path),
                text(system, "Build", path),
                strings(system, "IPAddresses", path),
                time(system, "LastLogonTimestamp", path),
                attributes);
    }

    private static @Nullable String text(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new MalformedItemException(path + "." + field + " is not a string");
        }
        return value.stringValue().isBlank() ? null : value.stringValue();
    }

    private static List<String> strings(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new MalformedItemException(path + "." + field + " is not a list");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isString()) {
                throw new MalformedItemException(path + "." + field + "[" + i + "] is not a string");
            }
            if (!item.stringValue().isBlank() && !strings.contains(item.stringValue())) {
                strings.add(item.stringValue());
            }
        }
        return strings;
    }

    private static @Nullable Instant time(JsonNode node, String field, String path) {
        String text = text(node, field, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedItemException(path + "." + field + " is not an ISO-8601 time");
        }
    }
}
