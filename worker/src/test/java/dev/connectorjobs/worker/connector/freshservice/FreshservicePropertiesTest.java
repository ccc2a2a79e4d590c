package dev.connectorjobs.worker.connector.freshservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FreshservicePropertiesTest {

    static FreshserviceProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobs.connectors.freshservice", Bindable.of(FreshserviceProperties.class));
    }

    @Test
    void without_configuration_there_is_no_target_nor_key_and_pages_are_as_large_as_freshservice_allows() {
        FreshserviceProperties properties = bind(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.auth().apiKey()).isNull();
        assertThat(properties.pageSize()).isEqualTo(100);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind() {
        FreshserviceProperties properties = bind(Map.of(
                "jobs.connectors.freshservice.base-url", "https://acme.freshservice.com",
                "jobs.connectors.freshservice.auth.api-key", "k3y-value",
                "jobs.connectors.freshservice.page-size", "50",
                "jobs.connectors.freshservice.page-cap", "20",
                "jobs.connectors.freshservice.max-throttle-wait", "90s"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://acme.freshservice.com"));
        assertThat(properties.auth().apiKey()).isEqualTo("k3y-value");
        assertThat(properties.pageSize()).isEqualTo(50);
        assertThat(properties.pageCap()).isEqualTo(20);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void a_page_size_above_what_freshservice_returns_is_rejected_naming_the_property() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.freshservice.page-size", "101")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.freshservice.page-size must be between 1 and 100");
    }

    @Test
    void a_base_url_with_credentials_or_a_query_is_rejected() {
        assertThatThrownBy(() ->
                        bind(Map.of("jobs.connectors.freshservice.base-url", "https://k:X@acme.freshservice.com")))
                .rootCause()
                .hasMessageContaining("without credentials");
        assertThatThrownBy(() ->
                        bind(Map.of("jobs.connectors.freshservice.base-url", "https://acme.freshservice.com?a=b")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.freshservice.base-url");
    }

    @Test
    void an_api_key_with_the_password_appended_is_rejected() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.freshservice.auth.api-key", "k3y-value:X")))
                .rootCause()
                .hasMessageContaining("without ':'");
    }

    @Test
    void the_configuration_never_shows_the_api_key() {
        FreshserviceProperties properties = bind(Map.of(
                "jobs.connectors.freshservice.base-url", "https://acme.freshservice.com",
                "jobs.connectors.freshservice.auth.api-key", "k3y-value"));

        assertThat(properties.toString()).doesNotContain("k3y-value").contains("apiKey=***");
    }
}
