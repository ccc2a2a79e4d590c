package dev.connectorjobs.worker.connector.externalapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class ExternalApiPropertiesTest {

    static ExternalApiProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobs.connectors.external-api", Bindable.of(ExternalApiProperties.class));
    }

    @Test
    void the_connector_name_with_its_underscore_binds_like_the_documented_property_names() {
        ExternalApiProperties properties = bind(Map.of(
                "jobs.connectors.external_api.base-url", "https://hooks.example.com/api",
                "jobs.connectors.external_api.bearer-token", "t0k3n-value"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://hooks.example.com/api"));
        assertThat(properties.bearerToken()).isEqualTo("t0k3n-value");
    }

    @Test
    void without_configuration_there_is_no_target_and_the_default_header_allow_list() {
        ExternalApiProperties properties = bind(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.allowedHeaders())
                .containsExactly("Accept", "Content-Type", "Idempotency-Key", "X-Request-ID");
        assertThat(properties.maxResultBody()).isEqualTo(DataSize.ofKilobytes(64));
    }

    @Test
    void credential_and_framing_headers_can_never_be_allowed() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.external_api.allowed-headers", "Accept,authorization")))
                .rootCause()
                .hasMessageContaining("must not contain authorization");
    }

    @Test
    void a_base_url_with_credentials_or_a_query_is_rejected() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.external_api.base-url", "https://u:p@h.example.com")))
                .rootCause()
                .hasMessageContaining("must not carry credentials");
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.external_api.base-url", "https://h.example.com/?k=v")))
                .rootCause()
                .hasMessageContaining("without query");
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.external_api.base-url", "ftp://h.example.com")))
                .rootCause()
                .hasMessageContaining("http(s) URL");
    }

    @Test
    void its_string_form_never_shows_the_credentials() {
        ExternalApiProperties properties = bind(Map.of(
                "jobs.connectors.external_api.base-url", "https://hooks.example.com",
                "jobs.connectors.external_api.username", "svc-jobs",
                "jobs.connectors.external_api.password", "pa55word-secret"));

        assertThat(properties.toString()).contains("auth=basic").doesNotContain("pa55word-secret");
    }
}
