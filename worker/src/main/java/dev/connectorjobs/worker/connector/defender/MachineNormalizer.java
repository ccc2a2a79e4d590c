package dev.connectorjobs.worker.connector.defender;

import static dev.connectorjobs.worker.connector.microsoft.GraphValues.id;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.object;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.text;
import static dev.connectorjobs.worker.connector.microsoft.GraphValues.time;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.microsoft.GraphValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns one Defender machine into a {@link NormalizedAsset}: {@code source_id} is the machine id
 * (the one {@code tag_machine} takes), {@code name} its {@code computerDnsName}, {@code os} its
 * {@code osPlatform}, {@code last_seen} its {@code lastSeen}, {@code ip_addresses} its {@code
 * lastIpAddress}. Defender reports no serial number; {@code aadDeviceId} (to join with {@code
 * entra_id}), {@code healthStatus}, {@code riskScore}, {@code machineTags} and the rest stay in the
 * attributes.
 */
final class MachineNormalizer {

    private static final Set<String> MAPPED =
            Set.of("id", "computerDnsName", "osPlatform", "osVersion", "lastSeen", "lastIpAddress");

    private final GraphValues values;

    MachineNormalizer(ObjectMapper mapper) {
        this.values = new GraphValues(mapper);
    }

    NormalizedAsset normalize(JsonNode machine, String path) {
        object(machine, path);
        List<String> addresses = new ArrayList<>();
        String address = text(machine, "lastIpAddress", path);
        if (address != null && !address.isBlank()) {
            addresses.add(address);
        }
        return new NormalizedAsset(
                DefenderConnector.CONNECTOR.name(),
                id(machine, "id", path),
                text(machine, "computerDnsName", path),
                null,
                text(machine, "osPlatform", path),
                text(machine, "osVersion", path),
                addresses,
                time(machine, "lastSeen", path),
                values.attributes(machine, MAPPED));
    }
}
