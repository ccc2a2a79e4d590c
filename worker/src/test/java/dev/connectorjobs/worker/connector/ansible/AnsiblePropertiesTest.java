package dev.connectorjobs.worker.connector.ansible;

import static dev.connectorjobs.worker.connector.ansible.AwxConnectors.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnsiblePropertiesTest {

    @Test
    void without_configuration_there_is_no_target_nor_credential_and_polls_start_at_two_seconds() {
        AnsibleProperties properties = properties(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.auth().isSet()).isFalse();
        assertThat(properties.pageSize()).isEqualTo(100);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxPollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind_and_secrets_stay_out_of_to_string() {
        AnsibleProperties properties = properties(Map.of(
                "jobs.connectors.ansible.base-url", "https://awx.example.com",
                "jobs.connectors.ansible.auth.username", "svc-connector",
                "jobs.connectors.ansible.auth.password", "s3cret-Pa55",
                "jobs.connectors.ansible.page-size", "200",
                "jobs.connectors.ansible.poll-interval", "1s",
                "jobs.connectors.ansible.max-poll-interval", "10s"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://awx.example.com"));
        assertThat(properties.auth().username()).isEqualTo("svc-connector");
        assertThat(properties.pageSize()).isEqualTo(200);
        assertThat(properties.maxPollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.toString()).doesNotContain("s3cret-Pa55");
    }

    @Test
    void a_token_and_a_user_together_are_refused() {
        assertThatThrownBy(() -> properties(Map.of(
                        "jobs.connectors.ansible.auth.token", "t0ken-value",
                        "jobs.connectors.ansible.auth.username", "svc")))
                .hasRootCauseMessage("Set either jobs.connectors.ansible.auth.token or"
                        + " jobs.connectors.ansible.auth.username and auth.password, not both");
    }

    @Test
    void a_user_without_a_password_is_refused_naming_both_environment_variables() {
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.ansible.auth.username", "svc")))
                .rootCause()
                .hasMessageContaining("JOBS_CONNECTORS_ANSIBLE_AUTH_USERNAME")
                .hasMessageContaining("JOBS_CONNECTORS_ANSIBLE_AUTH_PASSWORD");
    }

    @Test
    void a_page_size_above_awx_maximum_and_a_max_poll_interval_below_the_first_are_refused() {
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.ansible.page-size", "500")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.ansible.page-size must be between 1 and 200");
        assertThatThrownBy(() -> properties(Map.of(
                        "jobs.connectors.ansible.poll-interval", "10s",
                        "jobs.connectors.ansible.max-poll-interval", "5s")))
                .rootCause()
                .hasMessageContaining("max-poll-interval");
    }
}
