package dev.connectorjobs.worker.connector.landscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ComputerNormalizerTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final ComputerNormalizer normalizer = new ComputerNormalizer(mapper);

    private NormalizedAsset normalize(String json) {
        return normalizer.normalize(mapper.readTree(json), "results[0]");
    }

    @Test
    void a_computer_without_title_is_named_by_hostname_and_unavailable_addresses_are_left_out() {
        NormalizedAsset asset = normalize("{\"id\":7,\"title\":\"\",\"hostname\":\"db-7\",\"distribution\":null,"
                + "\"last_ping_time\":null,\"network\":[{\"description\":\"Ethernet interface\",\"ip\":\"Not"
                + " available\"},{\"description\":\"Wireless interface\",\"ip\":\"192.168.1.102\"}]}");

        assertThat(asset.sourceId()).isEqualTo("7");
        assertThat(asset.name()).isEqualTo("db-7");
        assertThat(asset.os()).isNull();
        assertThat(asset.lastSeen()).isNull();
        assertThat(asset.ipAddresses()).containsExactly("192.168.1.102");
    }

    @Test
    void a_mistyped_field_is_named_with_its_path() {
        Inventory.MalformedItemException badTime = catchThrowableOfType(
                Inventory.MalformedItemException.class, () -> normalize("{\"id\":1,\"last_ping_time\":\"yesterday\"}"));
        Inventory.MalformedItemException badDevices = catchThrowableOfType(
                Inventory.MalformedItemException.class,
                () -> normalize("{\"id\":1,\"network_devices\":{\"eth0\":\"10.0.0.1\"}}"));
        Inventory.MalformedItemException textId =
                catchThrowableOfType(Inventory.MalformedItemException.class, () -> normalize("{\"id\":\"1\"}"));

        assertThat(badTime.getMessage()).isEqualTo("results[0].last_ping_time is not an ISO-8601 time");
        assertThat(badDevices.getMessage()).isEqualTo("results[0].network_devices is not an array");
        assertThat(textId.getMessage()).isEqualTo("results[0].id is not an integer");
    }
}
