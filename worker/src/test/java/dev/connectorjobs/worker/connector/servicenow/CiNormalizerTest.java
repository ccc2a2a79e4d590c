package dev.connectorjobs.worker.connector.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.model.asset.NormalizedAsset;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CiNormalizerTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final CiNormalizer normalizer = new CiNormalizer(JSON);

    private NormalizedAsset normalize(String json) {
        return normalizer.normalize(0, JSON.readTree(json));
    }

    @Test
    void empty_strings_are_absent_values_and_reference_objects_give_their_value() {
        NormalizedAsset asset = normalize("{\"sys_id\":\"abc\",\"name\":\"\",\"os\":\"Windows\",\"ip_address\":\"\","
                + "\"location\":{\"link\":\"https://acme.service-now.com/api/now/table/cmn_location/l1\","
                + "\"value\":\"l1\"},\"company\":\"\",\"sys_updated_on\":\"2024-02-29 23:59:58\"}");

        assertThat(asset.name()).isNull();
        assertThat(asset.os()).isEqualTo("Windows");
        assertThat(asset.ipAddresses()).isEmpty();
        assertThat(asset.attributes()).containsExactly(java.util.Map.entry("location", "l1"));
        assertThat(asset.lastSeen()).isEqualTo(Instant.parse("2024-02-29T23:59:58Z"));
    }

    @Test
    void a_date_time_in_another_format_is_kept_as_an_attribute_instead_of_failing() {
        NormalizedAsset asset = normalize("{\"sys_id\":\"abc\",\"sys_updated_on\":\"29.02.2024 23:59\"}");

        assertThat(asset.lastSeen()).isNull();
        assertThat(asset.attributes()).containsEntry("sys_updated_on", "29.02.2024 23:59");
    }

    @Test
    void several_addresses_in_one_field_are_split() {
        assertThat(normalize("{\"sys_id\":\"abc\",\"ip_address\":\"10.0.0.1, 10.0.0.2\"}")
                        .ipAddresses())
                .containsExactly("10.0.0.1", "10.0.0.2");
    }
}
