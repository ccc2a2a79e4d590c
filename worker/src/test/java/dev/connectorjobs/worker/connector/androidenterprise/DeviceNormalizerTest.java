package dev.connectorjobs.worker.connector.androidenterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DeviceNormalizerTest {

    final DeviceNormalizer normalizer = new DeviceNormalizer();

    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    @Test
    void a_device_that_never_reported_status_is_last_seen_at_its_last_policy_sync() {
        NormalizedAsset asset = normalizer.normalize(
                json("{\"name\":\"enterprises/LC01234567/devices/31a4c7\",\"state\":\"PROVISIONING\","
                        + "\"lastPolicySyncTime\":\"2026-12-01T07:55:10Z\"}"),
                "devices[0]");

        assertThat(asset.sourceId()).isEqualTo("31a4c7");
        assertThat(asset.lastSeen()).isEqualTo(Instant.parse("2026-12-01T07:55:10Z"));
        assertThat(asset.serialNumber()).isNull();
        assertThat(asset.osVersion()).isNull();
        assertThat(asset.attributes()).containsEntry("state", "PROVISIONING");
    }

    @Test
    void a_time_that_is_not_rfc_3339_or_a_serial_that_is_not_text_names_the_field() {
        assertThatThrownBy(() -> normalizer.normalize(
                        json("{\"name\":\"enterprises/LC0/devices/1\",\"lastStatusReportTime\":\"yesterday\"}"),
                        "devices[4]"))
                .isInstanceOf(MalformedItemException.class)
                .hasMessage("devices[4].lastStatusReportTime is not an RFC 3339 time");
        assertThatThrownBy(() -> normalizer.normalize(
                        json("{\"name\":\"enterprises/LC0/devices/1\",\"hardwareInfo\":{\"serialNumber\":7}}"),
                        "devices[2]"))
                .isInstanceOf(MalformedItemException.class)
                .hasMessage("devices[2].hardwareInfo.serialNumber is not a string");
    }
}
