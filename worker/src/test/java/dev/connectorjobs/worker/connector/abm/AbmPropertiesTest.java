package dev.connectorjobs.worker.connector.abm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AbmPropertiesTest {

    static AbmProperties bind(String... properties) {
        return ConnectorTestbed.bind("jobs.connectors.abm", AbmProperties.class, properties);
    }

    @Test
    void without_configuration_apple_is_the_target_but_there_is_no_api_account() {
        AbmProperties properties = bind();

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://api-business.apple.com/v1"));
        assertThat(properties.auth().tokenUrl()).isEqualTo(URI.create("https://account.apple.com/auth/oauth2/token"));
        assertThat(properties.auth().clientId()).isNull();
        assertThat(properties.auth().keyId()).isNull();
        assertThat(properties.auth().privateKeyFile()).isNull();
        assertThat(properties.pageSize()).isEqualTo(100);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind() {
        AbmProperties properties = bind(
                "jobs.connectors.abm.base-url", "https://api-school.apple.com/v1",
                "jobs.connectors.abm.auth.token-url", "https://proxy.acme.example/apple/token",
                "jobs.connectors.abm.auth.client-id", "BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152",
                "jobs.connectors.abm.auth.key-id", "d136aa66-0c3b-4bd4-9892-c20e8db024ab",
                "jobs.connectors.abm.auth.private-key-file", "/etc/connector-jobs/abm.pem",
                "jobs.connectors.abm.page-size", "1000",
                "jobs.connectors.abm.page-cap", "5",
                "jobs.connectors.abm.max-throttle-wait", "2m");

        assertThat(properties.baseUrl()).hasHost("api-school.apple.com");
        assertThat(properties.auth().tokenUrl()).hasHost("proxy.acme.example");
        assertThat(properties.auth().clientId()).isEqualTo("BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152");
        assertThat(properties.auth().keyId()).isEqualTo("d136aa66-0c3b-4bd4-9892-c20e8db024ab");
        assertThat(properties.auth().privateKeyFile()).isEqualTo(Path.of("/etc/connector-jobs/abm.pem"));
        assertThat(properties.pageSize()).isEqualTo(1000);
        assertThat(properties.pageCap()).isEqualTo(5);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void a_page_size_outside_what_apple_serves_and_a_base_url_with_credentials_are_rejected_naming_the_property() {
        assertThatThrownBy(() -> bind("jobs.connectors.abm.page-size", "0"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.abm.page-size must be between 1 and 1000");
        assertThatThrownBy(() -> bind("jobs.connectors.abm.base-url", "https://user:pw@api-business.apple.com/v1"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.abm.base-url must be an http(s) URL");
    }

    @Test
    void blank_account_values_count_as_unset() {
        AbmProperties properties =
                bind("jobs.connectors.abm.auth.client-id", " ", "jobs.connectors.abm.auth.key-id", "");

        assertThat(properties.auth().clientId()).isNull();
        assertThat(properties.auth().keyId()).isNull();
    }
}
