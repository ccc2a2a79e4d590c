package dev.connectorjobs.worker.connector.splunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplunkPropertiesTest {

    static SplunkProperties properties(Map<String, String> values) {
        return ConnectorTestbed.bind(SplunkProperties.PREFIX, SplunkProperties.class, values);
    }

    @Test
    void without_configuration_there_is_no_target_nor_credential_and_the_defaults_hold() {
        SplunkProperties properties = properties(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.hecUrl()).isNull();
        assertThat(properties.auth().token()).isNull();
        assertThat(properties.auth().username()).isNull();
        assertThat(properties.auth().hecToken()).isNull();
        assertThat(properties.pageSize()).isEqualTo(1000);
        assertThat(properties.batchSize()).isEqualTo(100);
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.maxPollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind_and_secrets_stay_out_of_to_string() {
        SplunkProperties properties = properties(Map.of(
                "jobs.connectors.splunk.base-url", "https://splunk.example.com:8089",
                "jobs.connectors.splunk.hec-url", "https://splunk.example.com:8088",
                "jobs.connectors.splunk.auth.username", "svc-jobs",
                "jobs.connectors.splunk.auth.password", "s3cret-Pa55",
                "jobs.connectors.splunk.auth.hec-token", "8b1c7d4e-hec-secret",
                "jobs.connectors.splunk.page-size", "50000",
                "jobs.connectors.splunk.batch-size", "500"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://splunk.example.com:8089"));
        assertThat(properties.hecUrl()).isEqualTo(URI.create("https://splunk.example.com:8088"));
        assertThat(properties.auth().username()).isEqualTo("svc-jobs");
        assertThat(properties.pageSize()).isEqualTo(50_000);
        assertThat(properties.batchSize()).isEqualTo(500);
        assertThat(properties.toString()).contains("svc-jobs").doesNotContain("s3cret-Pa55", "8b1c7d4e-hec-secret");
    }

    @Test
    void a_token_and_a_user_together_are_refused() {
        assertThatThrownBy(() -> properties(Map.of(
                        "jobs.connectors.splunk.auth.token", "t0ken-value",
                        "jobs.connectors.splunk.auth.username", "svc")))
                .rootCause()
                .hasMessage("Set either jobs.connectors.splunk.auth.token or jobs.connectors.splunk.auth.username and"
                        + " auth.password, not both");
    }

    @Test
    void a_user_without_a_password_is_refused_naming_both_environment_variables() {
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.splunk.auth.username", "svc")))
                .rootCause()
                .hasMessageContaining("JOBS_CONNECTORS_SPLUNK_AUTH_USERNAME")
                .hasMessageContaining("JOBS_CONNECTORS_SPLUNK_AUTH_PASSWORD");
    }

    @Test
    void a_hec_url_with_credentials_a_batch_size_of_zero_and_a_page_size_above_splunk_s_maximum_are_refused() {
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.splunk.hec-url", "https://x:y@splunk:8088")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.splunk.hec-url must be an http(s) URL");
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.splunk.batch-size", "0")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.splunk.batch-size must be between 1 and 10000");
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.splunk.page-size", "50001")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.splunk.page-size must be between 1 and 50000");
    }
}
