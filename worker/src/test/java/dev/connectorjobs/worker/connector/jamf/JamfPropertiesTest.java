package dev.connectorjobs.worker.connector.jamf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JamfPropertiesTest {

    static JamfProperties bind(String... properties) {
        return ConnectorTestbed.bind("jobs.connectors.jamf", JamfProperties.class, properties);
    }

    @Test
    void the_documented_property_names_bind_and_the_defaults_hold() {
        JamfProperties defaults = bind();
        JamfProperties properties = bind(
                "jobs.connectors.jamf.base-url", "https://acme.jamfcloud.com",
                "jobs.connectors.jamf.auth.client-id", "6f1a9b2c",
                "jobs.connectors.jamf.auth.client-secret", "s3cret-value",
                "jobs.connectors.jamf.page-size", "2000",
                "jobs.connectors.jamf.page-cap", "5",
                "jobs.connectors.jamf.max-throttle-wait", "2m");

        assertThat(defaults.baseUrl()).isNull();
        assertThat(defaults.pageSize()).isEqualTo(100);
        assertThat(defaults.pageCap()).isEqualTo(10_000);
        assertThat(defaults.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.baseUrl()).hasHost("acme.jamfcloud.com");
        assertThat(properties.auth().isClient()).isTrue();
        assertThat(properties.auth().isUser()).isFalse();
        assertThat(properties.pageSize()).isEqualTo(2000);
        assertThat(properties.toString()).contains("6f1a9b2c").doesNotContain("s3cret-value");
    }

    @Test
    void an_api_client_and_a_user_account_together_are_rejected_naming_the_property() {
        assertThatThrownBy(() -> bind(
                        "jobs.connectors.jamf.auth.client-id", "6f1a9b2c",
                        "jobs.connectors.jamf.auth.username", "svc-inventory"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.jamf.auth: set either client-id and client-secret");
    }

    @Test
    void a_page_size_beyond_what_jamf_serves_and_a_password_in_the_url_are_rejected() {
        assertThatThrownBy(() -> bind("jobs.connectors.jamf.page-size", "2001"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.jamf.page-size must be between 1 and 2000");
        assertThatThrownBy(() -> bind("jobs.connectors.jamf.base-url", "https://admin:pw@acme.jamfcloud.com"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.jamf.base-url must be an http(s) URL");
    }

    @Test
    void blank_credentials_count_as_unset_and_the_user_password_is_never_shown() {
        JamfProperties properties = bind(
                "jobs.connectors.jamf.auth.client-id", " ",
                "jobs.connectors.jamf.auth.username", "svc-inventory",
                "jobs.connectors.jamf.auth.password", "hunter2-jamf");

        assertThat(properties.auth().clientId()).isNull();
        assertThat(properties.auth().isUser()).isTrue();
        assertThat(properties.toString()).doesNotContain("hunter2-jamf");
    }
}
