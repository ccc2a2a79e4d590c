package dev.connectorjobs.worker.connector.entraid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntraIdPropertiesTest {

    static EntraIdProperties bind(Map<String, String> properties) {
        return ConnectorTestbed.bind("jobs.connectors.entra-id", EntraIdProperties.class, properties);
    }

    @Test
    void the_underscore_spelling_binds_like_the_kebab_case_one_and_pages_default_to_graphs_999() {
        EntraIdProperties properties = bind(Map.of(
                "jobs.connectors.entra_id.auth.client-id", "3b9d6f1e-7a2c-4e8b-b5d0-9c1f2e3a4b5d",
                "jobs.connectors.entra_id.auth.client-secret", "Qx8~kT2.vN5_pR7"));

        assertThat(properties.auth().clientId()).isEqualTo("3b9d6f1e-7a2c-4e8b-b5d0-9c1f2e3a4b5d");
        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
        assertThat(properties.pageSize()).isEqualTo(999);
        assertThat(properties.toString()).doesNotContain("Qx8~kT2.vN5_pR7");
    }

    @Test
    void a_page_size_above_999_is_refused_naming_the_property() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.entra-id.page-size", "1000")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.entra-id.page-size must be between 1 and 999");
    }

    @Test
    void a_base_url_with_a_query_is_refused() {
        assertThatThrownBy(
                        () -> bind(Map.of("jobs.connectors.entra-id.base-url", "https://graph.microsoft.com/v1.0?x=1")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.entra-id.base-url must be an http(s) URL");
    }
}
