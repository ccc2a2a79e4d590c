package dev.connectorjobs.worker.connector.abm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OrgDeviceNormalizerTest {

    final OrgDeviceNormalizer normalizer = new OrgDeviceNormalizer();

    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    @Test
    void an_iphone_runs_ios_and_keeps_its_identifiers_as_lists() {
        NormalizedAsset asset = normalizer.normalize(
                json("{\"type\":\"orgDevices\",\"id\":\"DNPX1234ABCD\",\"attributes\":{\"serialNumber\":"
                        + "\"DNPX1234ABCD\",\"deviceModel\":\"iPhone 16\",\"productFamily\":\"iPhone\","
                        + "\"imei\":[\"356789012345678\",\"356789012345679\"],\"eid\":\"89049032\","
                        + "\"releasedFromOrgDateTime\":null}}"),
                "data[0]");

        assertThat(asset.os()).isEqualTo("iOS");
        assertThat(asset.osVersion()).isNull();
        assertThat(asset.lastSeen()).isNull();
        assertThat(asset.attributes())
                .containsEntry("imei", List.of("356789012345678", "356789012345679"))
                .containsEntry("eid", "89049032")
                .doesNotContainKeys("serialNumber", "deviceModel", "releasedFromOrgDateTime");
    }

    @Test
    void an_unknown_product_family_has_no_os_but_is_kept() {
        NormalizedAsset asset =
                normalizer.normalize(json("{\"id\":\"X1\",\"attributes\":{\"productFamily\":\"HomePod\"}}"), "data[0]");

        assertThat(asset.os()).isNull();
        assertThat(asset.attributes()).containsEntry("productFamily", "HomePod");
    }

    @Test
    void a_device_without_an_id_or_with_a_bad_update_time_names_the_field() {
        assertThatThrownBy(() -> normalizer.normalize(json("{\"attributes\":{}}"), "data[3]"))
                .isInstanceOf(MalformedItemException.class)
                .hasMessage("data[3].id is missing");
        assertThatThrownBy(() -> normalizer.normalize(
                        json("{\"id\":\"X1\",\"attributes\":{\"updatedDateTime\":\"20/11/2026\"}}"), "data[1]"))
                .isInstanceOf(MalformedItemException.class)
                .hasMessage("data[1].attributes.updatedDateTime is not an ISO-8601 time");
    }
}
