package dev.connectorjobs.worker.connector.androidenterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AndroidEnterprisePropertiesTest {

    static AndroidEnterpriseProperties bind(String... properties) {
        return ConnectorTestbed.bind(
                "jobs.connectors.android-enterprise", AndroidEnterpriseProperties.class, properties);
    }

    @Test
    void without_configuration_google_is_the_target_but_there_is_no_enterprise_nor_key() {
        AndroidEnterpriseProperties properties = bind();

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://androidmanagement.googleapis.com/v1"));
        assertThat(properties.auth().tokenUrl()).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(properties.enterpriseId()).isNull();
        assertThat(properties.auth().privateKeyFile()).isNull();
        assertThat(properties.pageSize()).isEqualTo(100);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind() {
        AndroidEnterpriseProperties properties = bind(
                "jobs.connectors.android-enterprise.base-url", "https://proxy.acme.example/androidmanagement/v1",
                "jobs.connectors.android-enterprise.auth.token-url", "https://proxy.acme.example/token",
                "jobs.connectors.android-enterprise.auth.private-key-file", "/etc/connector-jobs/android.json",
                "jobs.connectors.android-enterprise.enterprise-id", "LC01234567",
                "jobs.connectors.android-enterprise.page-size", "50",
                "jobs.connectors.android-enterprise.page-cap", "20",
                "jobs.connectors.android-enterprise.max-throttle-wait", "0s");

        assertThat(properties.baseUrl()).hasHost("proxy.acme.example");
        assertThat(properties.auth().tokenUrl()).isEqualTo(URI.create("https://proxy.acme.example/token"));
        assertThat(properties.auth().privateKeyFile()).isEqualTo(Path.of("/etc/connector-jobs/android.json"));
        assertThat(properties.enterpriseId()).isEqualTo("LC01234567");
        assertThat(properties.pageSize()).isEqualTo(50);
        assertThat(properties.pageCap()).isEqualTo(20);
        assertThat(properties.maxThrottleWait()).isZero();
    }

    @Test
    void an_enterprise_given_as_its_full_name_is_rejected_naming_the_property_and_the_expected_form() {
        assertThatThrownBy(() -> bind("jobs.connectors.android-enterprise.enterprise-id", "enterprises/LC01234567"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.android-enterprise.enterprise-id must be an enterprise id such"
                        + " as LC01234567");
    }

    @Test
    void a_blank_enterprise_counts_as_unset() {
        assertThat(bind("jobs.connectors.android-enterprise.enterprise-id", " ").enterpriseId())
                .isNull();
    }

    @Test
    void a_page_size_above_what_google_returns_and_a_token_url_with_a_query_are_rejected() {
        assertThatThrownBy(() -> bind("jobs.connectors.android-enterprise.page-size", "101"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.android-enterprise.page-size must be between 1 and 100");
        assertThatThrownBy(() -> bind("jobs.connectors.android-enterprise.auth.token-url", "https://x.example/t?k=v"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.android-enterprise.auth.token-url");
    }
}
