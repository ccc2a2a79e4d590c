package dev.connectorjobs.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ParamsMaskingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void values_of_secret_named_fields_are_masked_at_any_depth_and_the_rest_is_kept() {
        JsonNode params = JSON.readTree("""
                {"url":"https://example.test","password":"hunter2","nested":{"api_key":"k-1","Client_Secret":"s"},
                 "headers":[{"Authorization":"Bearer x"},{"accept":"json"}],"token":null,"count":3}
                """);

        JsonNode masked = ParamsMasking.mask(params);

        assertThat(masked.toString())
                .doesNotContain("hunter2", "k-1", "\"s\"", "Bearer x")
                .contains("https://example.test", "\"accept\":\"json\"", "\"count\":3", "\"token\":null");
        assertThat(masked.get("password").asString()).isEqualTo(ParamsMasking.MASK);
        assertThat(masked.at("/nested/Client_Secret").asString()).isEqualTo(ParamsMasking.MASK);
        assertThat(params.get("password").asString()).isEqualTo("hunter2");
    }
}
