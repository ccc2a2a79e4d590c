package dev.connectorjobs.worker.connector.intune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

class IntunePropertiesTest {

    static IntuneProperties bind(String... properties) {
        return ConnectorTestbed.bind("jobs.connectors.intune", IntuneProperties.class, properties);
    }

    @Test
    void defaults_point_to_graph_v1_and_the_public_token_endpoint_of_the_tenant() {
        IntuneProperties properties = bind("jobs.connectors.intune.auth.tenant-id", "contoso.onmicrosoft.com");

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
        assertThat(properties.pageSize()).isEqualTo(100);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.auth().tokenEndpoint())
                .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"));
    }

    @Test
    void the_client_secret_never_shows_in_to_string() {
        IntuneProperties properties = bind("jobs.connectors.intune.auth.client-secret", "Qx8~kT2.vN5_pR7");

        assertThat(properties.toString()).doesNotContain("Qx8~kT2.vN5_pR7").contains("clientSecret=***");
    }

    @Test
    void a_client_id_that_is_not_a_guid_is_refused_naming_the_property() {
        assertThatThrownBy(() -> bind("jobs.connectors.intune.auth.client-id", "my-app"))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("jobs.connectors.intune.auth.client-id must be the app registration's");
    }

    @Test
    void a_tenant_id_that_could_change_the_token_url_path_is_refused() {
        assertThatThrownBy(() -> bind("jobs.connectors.intune.auth.tenant-id", "contoso/../common"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.intune.auth.tenant-id");
    }

    @Test
    void a_page_size_beyond_what_graph_returns_is_refused() {
        assertThatThrownBy(() -> bind("jobs.connectors.intune.page-size", "5000"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.intune.page-size must be between 1 and 1000");
    }
}
