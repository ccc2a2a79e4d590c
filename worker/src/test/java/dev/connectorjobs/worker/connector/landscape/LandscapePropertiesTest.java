package dev.connectorjobs.worker.connector.landscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LandscapePropertiesTest {

    static LandscapeProperties bind(Map<String, String> properties) {
        return ConnectorTestbed.bind("jobs.connectors.landscape", LandscapeProperties.class, properties);
    }

    @Test
    void without_configuration_there_is_no_server_nor_credential_and_the_defaults_apply() {
        LandscapeProperties properties = bind(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.auth().isSet()).isFalse();
        assertThat(properties.account()).isNull();
        assertThat(properties.pageSize()).isEqualTo(500);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.maxPollInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind() {
        LandscapeProperties properties = bind(Map.of(
                "jobs.connectors.landscape.base-url", "https://landscape.example.com",
                "jobs.connectors.landscape.auth.username", "ops@example.com",
                "jobs.connectors.landscape.auth.password", "pw-123456",
                "jobs.connectors.landscape.account", "onward",
                "jobs.connectors.landscape.page-size", "1000",
                "jobs.connectors.landscape.poll-interval", "2s",
                "jobs.connectors.landscape.max-poll-interval", "30s"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://landscape.example.com"));
        assertThat(properties.auth().username()).isEqualTo("ops@example.com");
        assertThat(properties.auth().isSet()).isTrue();
        assertThat(properties.account()).isEqualTo("onward");
        assertThat(properties.pageSize()).isEqualTo(1000);
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxPollInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void half_a_credential_pair_is_rejected_naming_both_properties() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.landscape.auth.access-key", "3AS5YX98J8QI9AZ8OS0V")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.landscape.auth.access-key and")
                .hasMessageContaining("jobs.connectors.landscape.auth.secret-key go together");
    }

    @Test
    void a_page_size_above_what_landscape_returns_or_inverted_poll_intervals_are_rejected() {
        assertThatThrownBy(() -> bind(Map.of("jobs.connectors.landscape.page-size", "1001")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.landscape.page-size must be between 1 and 1000");
        assertThatThrownBy(() -> bind(Map.of(
                        "jobs.connectors.landscape.poll-interval", "90s",
                        "jobs.connectors.landscape.max-poll-interval", "60s")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.landscape.poll-interval must be positive and at most");
    }

    @Test
    void to_string_shows_no_secret() {
        LandscapeProperties properties = bind(Map.of(
                "jobs.connectors.landscape.auth.access-key", "3AS5YX98J8QI9AZ8OS0V",
                "jobs.connectors.landscape.auth.secret-key", "avlhg23w9HyOWOA1FMz",
                "jobs.connectors.landscape.auth.username", "ops@example.com",
                "jobs.connectors.landscape.auth.password", "pw-123456"));

        assertThat(properties.toString())
                .doesNotContain("3AS5YX98J8QI9AZ8OS0V", "avlhg23w9HyOWOA1FMz", "ops@example.com", "pw-123456");
    }
}
