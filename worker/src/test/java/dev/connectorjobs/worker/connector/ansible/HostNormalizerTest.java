package dev.connectorjobs.worker.connector.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HostNormalizerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static NormalizedAsset normalize(String host) {
        return new HostNormalizer().normalize(JSON.readTree(host), "results[0]");
    }

    @Test
    void the_address_is_read_from_json_variables_as_awx_stores_them_for_api_created_hosts() {
        NormalizedAsset host = normalize("{\"id\":41,\"name\":\"db-01\",\"inventory\":3,\"enabled\":false,"
                + "\"variables\":\"{\\\"ansible_host\\\": \\\"192.0.2.5\\\", \\\"ansible_port\\\": 2222}\"}");

        assertThat(host.sourceId()).isEqualTo("41");
        assertThat(host.ipAddresses()).containsExactly("192.0.2.5");
        assertThat(host.lastSeen()).isNull();
        assertThat(host.attributes()).containsEntry("enabled", false).containsEntry("inventory", 3L);
    }

    @Test
    void a_host_without_variables_or_last_job_has_no_address_nor_last_seen() {
        NormalizedAsset host = normalize("{\"id\":42,\"name\":\"localhost\",\"variables\":\"\"}");

        assertThat(host.ipAddresses()).isEmpty();
        assertThat(host.name()).isEqualTo("localhost");
    }

    @Test
    void a_quoted_yaml_address_with_a_comment_is_read_without_its_quotes() {
        NormalizedAsset host = normalize(
                "{\"id\":43,\"name\":\"edge\",\"variables\":\"---\\nansible_host: '198.51.100.7'  # edge router\\n\"}");

        assertThat(host.ipAddresses()).containsExactly("198.51.100.7");
    }

    @Test
    void a_host_without_an_integer_id_is_malformed_naming_the_field() {
        assertThatThrownBy(() -> normalize("{\"id\":\"43\",\"name\":\"edge\"}"))
                .isInstanceOf(Inventory.MalformedItemException.class)
                .hasMessage("results[0].id is not an integer");
    }
}
