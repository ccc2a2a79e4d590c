package dev.connectorjobs.worker.connector.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceNowPropertiesTest {

    @Test
    void without_configuration_there_is_no_instance_no_credentials_and_the_documented_defaults() {
        ServiceNowProperties properties = Testbed.bind(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.auth().mode()).isEqualTo(ServiceNowProperties.AuthMode.NONE);
        assertThat(properties.pageSize()).isEqualTo(1000);
        assertThat(properties.pageCap()).isEqualTo(1000);
        assertThat(properties.fields())
                .startsWith("sys_id", "name")
                .contains("serial_number", "os", "os_version", "ip_address", "sys_updated_on");
    }

    @Test
    void the_documented_names_and_their_environment_forms_bind() {
        ServiceNowProperties properties = Testbed.bind(Map.of(
                "jobs.connectors.servicenow.base-url", "https://acme.service-now.com",
                "jobs.connectors.servicenow.auth.client-id", "id",
                "jobs.connectors.servicenow.auth.client_secret", "secret",
                "jobs.connectors.servicenow.page-size", "500",
                "jobs.connectors.servicenow.page-cap", "20"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://acme.service-now.com"));
        assertThat(properties.auth().mode()).isEqualTo(ServiceNowProperties.AuthMode.OAUTH_CLIENT_CREDENTIALS);
        assertThat(properties.pageSize()).isEqualTo(500);
        assertThat(properties.pageCap()).isEqualTo(20);
    }

    @Test
    void the_auth_mode_follows_from_the_credentials_given() {
        assertThat(mode("auth.username", "u", "auth.password", "p")).isEqualTo(ServiceNowProperties.AuthMode.BASIC);
        assertThat(mode("auth.username", "u", "auth.password", "p", "auth.client-id", "c", "auth.client-secret", "s"))
                .isEqualTo(ServiceNowProperties.AuthMode.OAUTH_PASSWORD);
    }

    private static ServiceNowProperties.AuthMode mode(String... pairs) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.put("jobs.connectors.servicenow." + pairs[i], pairs[i + 1]);
        }
        return Testbed.bind(properties).auth().mode();
    }

    @Test
    void half_a_credential_pair_stops_the_worker_naming_the_missing_half() {
        assertThatThrownBy(() -> mode("auth.username", "u"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.servicenow.auth.username and .auth.password go together");
        assertThatThrownBy(() -> mode("auth.client-id", "c"))
                .rootCause()
                .hasMessageContaining("auth.client-id and .auth.client-secret go together");
    }

    @Test
    void page_size_and_cap_out_of_range_are_rejected() {
        assertThatThrownBy(() -> Testbed.bind(Map.of("jobs.connectors.servicenow.page-size", "10001")))
                .rootCause()
                .hasMessageContaining("page-size must be between 1 and 10000");
        assertThatThrownBy(() -> Testbed.bind(Map.of("jobs.connectors.servicenow.page-cap", "0")))
                .rootCause()
                .hasMessageContaining("page-cap must be at least 1");
    }

    @Test
    void a_base_url_with_credentials_or_a_query_is_rejected() {
        assertThatThrownBy(
                        () -> Testbed.bind(Map.of("jobs.connectors.servicenow.base-url", "https://u:p@acme.example")))
                .rootCause()
                .hasMessageContaining("must not carry credentials");
        assertThatThrownBy(
                        () -> Testbed.bind(Map.of("jobs.connectors.servicenow.base-url", "https://acme.example/?x=1")))
                .rootCause()
                .hasMessageContaining("without query");
    }

    @Test
    void its_text_never_shows_the_credentials() {
        ServiceNowProperties properties = Testbed.bind(Map.of(
                "jobs.connectors.servicenow.base-url", "https://acme.service-now.com",
                "jobs.connectors.servicenow.auth.username", "svc",
                "jobs.connectors.servicenow.auth.password", "hunter2-secret",
                "jobs.connectors.servicenow.auth.client-id", "cid-123",
                "jobs.connectors.servicenow.auth.client-secret", "csecret-456"));

        assertThat(properties.toString())
                .contains("OAUTH_PASSWORD")
                .doesNotContain("hunter2-secret")
                .doesNotContain("csecret-456")
                .doesNotContain("cid-123");
    }
}
