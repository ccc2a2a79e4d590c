package dev.connectorjobs.worker.connector.sccm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import org.junit.jupiter.api.Test;

class SccmPropertiesTest {

    static SccmProperties bind(String... properties) {
        return ConnectorTestbed.bind("jobs.connectors.sccm", SccmProperties.class, properties);
    }

    @Test
    void the_documented_property_names_bind_and_the_secrets_are_never_shown() {
        SccmProperties properties = bind(
                "jobs.connectors.sccm.base-url", "https://cm01.corp.example",
                "jobs.connectors.sccm.auth.username", "CORP\\svc-cm-api",
                "jobs.connectors.sccm.auth.password", "cm-password-Hx4v",
                "jobs.connectors.sccm.page-size", "500",
                "jobs.connectors.sccm.page-cap", "7");

        assertThat(properties.baseUrl()).hasHost("cm01.corp.example");
        assertThat(properties.auth().username()).isEqualTo("CORP\\svc-cm-api");
        assertThat(properties.pageSize()).isEqualTo(500);
        assertThat(properties.pageCap()).isEqualTo(7);
        assertThat(bind().pageSize()).isEqualTo(1000);
        assertThat(properties.toString()).contains("CORP\\svc-cm-api").doesNotContain("cm-password-Hx4v");
    }

    @Test
    void basic_credentials_and_a_token_together_or_a_colon_in_the_user_are_rejected_naming_the_property() {
        assertThatThrownBy(() -> bind(
                        "jobs.connectors.sccm.auth.username", "svc",
                        "jobs.connectors.sccm.auth.token", "eyJ0eXAiOiJKV1QifQ"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.sccm.auth: set either username and password, or token");
        assertThatThrownBy(() -> bind("jobs.connectors.sccm.auth.username", "svc:cm"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.sccm.auth.username must not contain ':'");
    }

    @Test
    void a_page_size_out_of_range_is_rejected() {
        assertThatThrownBy(() -> bind("jobs.connectors.sccm.page-size", "0"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.sccm.page-size must be between 1 and 5000");
    }
}
