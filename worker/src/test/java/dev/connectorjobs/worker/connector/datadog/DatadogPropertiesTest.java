package dev.connectorjobs.worker.connector.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatadogPropertiesTest {

    static DatadogProperties properties(Map<String, String> values) {
        return ConnectorTestbed.bind(DatadogProperties.PREFIX, DatadogProperties.class, values);
    }

    @Test
    void without_configuration_the_us1_site_is_the_target_without_keys() {
        DatadogProperties properties = properties(Map.of());

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://api.datadoghq.com"));
        assertThat(properties.auth().apiKey()).isNull();
        assertThat(properties.auth().applicationKey()).isNull();
        assertThat(properties.pageSize()).isEqualTo(1000);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind_and_the_keys_stay_out_of_to_string() {
        DatadogProperties properties = properties(Map.of(
                "jobs.connectors.datadog.base-url", "https://api.datadoghq.eu",
                "jobs.connectors.datadog.auth.api-key", "api-key-secret-1",
                "jobs.connectors.datadog.auth.application-key", "app-key-secret-2",
                "jobs.connectors.datadog.page-size", "250",
                "jobs.connectors.datadog.max-throttle-wait", "5m"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://api.datadoghq.eu"));
        assertThat(properties.pageSize()).isEqualTo(250);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.toString())
                .contains("https://api.datadoghq.eu")
                .doesNotContain("api-key-secret-1", "app-key-secret-2");
    }

    @Test
    void a_page_size_above_datadog_s_maximum_and_a_blank_key_are_refused_naming_the_property() {
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.datadog.page-size", "1001")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.datadog.page-size must be between 1 and 1000");
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.datadog.auth.api-key", " ")))
                .rootCause()
                .hasMessageContaining("JOBS_CONNECTORS_DATADOG_AUTH_API_KEY");
    }
}
