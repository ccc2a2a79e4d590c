package dev.connectorjobs.worker.connector.freshservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.freshservice.AssetNormalizer.MalformedAssetException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AssetNormalizerTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final AssetNormalizer normalizer = new AssetNormalizer(mapper);

    private NormalizedAsset normalize(String json) {
        return normalizer.normalize(mapper.readTree(json), "assets[0]");
    }

    @Test
    void an_asset_without_type_fields_keeps_its_name_and_has_no_hardware_details() {
        NormalizedAsset asset = normalize("{\"id\":21000207684,\"display_id\":2,\"name\":\"Dell Monitor\","
                + "\"asset_type_id\":21000855276,\"updated_at\":\"2022-08-29T14:17:48Z\"}");

        assertThat(asset.sourceId()).isEqualTo("21000207684");
        assertThat(asset.name()).isEqualTo("Dell Monitor");
        assertThat(asset.serialNumber()).isNull();
        assertThat(asset.os()).isNull();
        assertThat(asset.ipAddresses()).isEmpty();
        assertThat(asset.lastSeen()).isEqualTo(Instant.parse("2022-08-29T14:17:48Z"));
        assertThat(asset.attributes()).doesNotContainKey("type_fields");
    }

    @Test
    void type_fields_are_matched_by_name_whatever_the_type_id_suffix_and_blank_values_count_as_absent() {
        NormalizedAsset asset = normalize("{\"id\":7,\"type_fields\":{\"serial_number_50000227369\":\"  \","
                + "\"os_50000227374\":\"Microsoft Windows 10 Professionnel\",\"os_version_50000227374\":\"10.0.19045\","
                + "\"os_service_pack_50000227374\":\"0.0\",\"computer_ip_address_50000227374\":\"172.16.50.136,"
                + " 10.8.0.2\",\"ip_address_50000227380\":\"10.8.0.2\"}}");

        assertThat(asset.serialNumber()).isNull();
        assertThat(asset.os()).isEqualTo("Microsoft Windows 10 Professionnel");
        assertThat(asset.osVersion()).isEqualTo("10.0.19045");
        assertThat(asset.ipAddresses()).containsExactly("172.16.50.136", "10.8.0.2");
    }

    @Test
    void an_offset_time_is_read_as_the_same_instant() {
        NormalizedAsset asset = normalize("{\"id\":7,\"updated_at\":\"2023-06-08T07:35:00+02:00\"}");

        assertThat(asset.lastSeen()).isEqualTo(Instant.parse("2023-06-08T05:35:00Z"));
    }

    @Test
    void an_unreadable_time_is_a_malformed_asset_naming_the_field() {
        assertThatThrownBy(() -> normalize("{\"id\":7,\"updated_at\":\"yesterday\"}"))
                .isInstanceOf(MalformedAssetException.class)
                .hasMessage("assets[0].updated_at is not an ISO-8601 time: 'yesterday'");
    }

    @Test
    void an_id_that_is_not_an_integer_is_a_malformed_asset_naming_the_field() {
        assertThatThrownBy(() -> normalize("{\"id\":\"ASSET-7\"}"))
                .isInstanceOf(MalformedAssetException.class)
                .hasMessage("assets[0].id is not an integer");
    }
}
