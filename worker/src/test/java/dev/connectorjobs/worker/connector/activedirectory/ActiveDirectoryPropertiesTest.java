package dev.connectorjobs.worker.connector.activedirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActiveDirectoryPropertiesTest {

    static final String PREFIX = "jobs.connectors.active-directory";

    static ActiveDirectoryProperties bind(String... properties) {
        return ConnectorTestbed.bind(PREFIX, ActiveDirectoryProperties.class, properties);
    }

    @Test
    void without_configuration_there_is_no_directory_and_the_defaults_apply() {
        ActiveDirectoryProperties properties = bind();

        assertThat(properties.url()).isEmpty();
        assertThat(properties.unconfigured(ActiveDirectoryConnector.CONNECTOR)).isPresent();
        assertThat(properties.startTls()).isFalse();
        assertThat(properties.pageSize()).isEqualTo(1000);
        assertThat(properties.pageCap()).isEqualTo(10_000);
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.poolSize()).isEqualTo(4);
        assertThat(properties.healthCheckInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind_with_several_urls_for_failover() {
        ActiveDirectoryProperties properties = ConnectorTestbed.bind(
                "jobs.connectors.active-directory",
                ActiveDirectoryProperties.class,
                Map.of(
                        "jobs.connectors.active_directory.url",
                                "ldaps://dc1.corp.example.com,ldaps://dc2.corp.example.com:3269",
                        "jobs.connectors.active_directory.bind-dn", "svc-inventory@corp.example.com",
                        "jobs.connectors.active_directory.auth.password", "pw-123456",
                        "jobs.connectors.active_directory.base-dn", "dc=corp,dc=example,dc=com",
                        "jobs.connectors.active_directory.truststore", "/etc/ssl/ad-root-ca.pem",
                        "jobs.connectors.active_directory.page-size", "500",
                        "jobs.connectors.active_directory.pool-size", "8",
                        "jobs.connectors.active_directory.response-timeout", "30s"));

        assertThat(properties.url())
                .containsExactly(
                        URI.create("ldaps://dc1.corp.example.com"), URI.create("ldaps://dc2.corp.example.com:3269"));
        assertThat(properties.tls()).isTrue();
        assertThat(properties.bindDn()).isEqualTo("svc-inventory@corp.example.com");
        assertThat(properties.baseDn()).isEqualTo("dc=corp,dc=example,dc=com");
        assertThat(properties.truststore()).isEqualTo(Path.of("/etc/ssl/ad-root-ca.pem"));
        assertThat(properties.pageSize()).isEqualTo(500);
        assertThat(properties.poolSize()).isEqualTo(8);
        assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.unconfigured(ActiveDirectoryConnector.CONNECTOR)).isEmpty();
        assertThat(properties.certificateBind()).isFalse();
    }

    @Test
    void urls_must_be_ldap_servers_of_one_scheme() {
        assertThatThrownBy(() -> bind(PREFIX + ".url", "https://dc1.corp.example.com"))
                .rootCause()
                .hasMessageContaining(PREFIX + ".url must be ldap:// or ldaps:// URLs")
                .hasMessageContaining("JOBS_CONNECTORS_ACTIVE_DIRECTORY_URL");
        assertThatThrownBy(() -> bind(PREFIX + ".url", "ldap://dc1.corp.example.com,ldaps://dc2.corp.example.com"))
                .rootCause()
                .hasMessageContaining("must all use the same scheme");
        assertThatThrownBy(() -> bind(PREFIX + ".url", "ldaps://dc1.corp.example.com/DC=corp,DC=example,DC=com"))
                .rootCause()
                .hasMessageContaining("put the DN into " + PREFIX + ".base-dn");
    }

    @Test
    void start_tls_is_for_ldap_urls_and_a_client_certificate_needs_tls() {
        assertThatThrownBy(() -> bind(PREFIX + ".url", "ldaps://dc1.corp.example.com", PREFIX + ".start-tls", "true"))
                .rootCause()
                .hasMessageContaining(PREFIX + ".start-tls is for ldap:// URLs");
        assertThatThrownBy(
                        () -> bind(PREFIX + ".url", "ldap://dc1.corp.example.com", PREFIX + ".auth.keystore", "/k.p12"))
                .rootCause()
                .hasMessageContaining(PREFIX + ".auth.keystore needs TLS");
    }

    @Test
    void a_base_dn_that_is_no_dn_and_out_of_range_numbers_are_rejected() {
        assertThatThrownBy(() -> bind(PREFIX + ".base-dn", "corp.example.com"))
                .rootCause()
                .hasMessageContaining(PREFIX + ".base-dn must be a DN such as DC=corp,DC=example,DC=com");
        assertThatThrownBy(() -> bind(PREFIX + ".page-size", "0"))
                .rootCause()
                .hasMessageContaining(PREFIX + ".page-size must be between 1 and 10000");
        assertThatThrownBy(() -> bind(PREFIX + ".pool-size", "0"))
                .rootCause()
                .hasMessageContaining(PREFIX + ".pool-size must be between 1 and 100");
        assertThatThrownBy(() -> bind(PREFIX + ".connect-timeout", "0s"))
                .rootCause()
                .hasMessageContaining(PREFIX + ".connect-timeout must be positive");
    }

    @Test
    void a_key_store_alone_is_a_certificate_bind() {
        ActiveDirectoryProperties properties = bind(
                PREFIX + ".url", "ldaps://dc1.corp.example.com",
                PREFIX + ".base-dn", "DC=corp,DC=example,DC=com",
                PREFIX + ".auth.keystore", "/etc/worker/ad-client.p12",
                PREFIX + ".auth.keystore-password", "store-pass");

        assertThat(properties.certificateBind()).isTrue();
        assertThat(properties.unconfigured(ActiveDirectoryConnector.CONNECTOR)).isEmpty();
    }

    @Test
    void to_string_and_the_masked_secrets_show_no_password() {
        ActiveDirectoryProperties properties = bind(
                PREFIX + ".url", "ldaps://dc1.corp.example.com",
                PREFIX + ".bind-dn", "CN=svc,DC=corp,DC=example,DC=com",
                PREFIX + ".auth.password", "bind-pass-123",
                PREFIX + ".auth.keystore", "/k.p12",
                PREFIX + ".auth.keystore-password", "store-pass-456",
                PREFIX + ".truststore", "/t.p12",
                PREFIX + ".truststore-password", "trust-pass-789");

        assertThat(properties.toString())
                .contains("CN=svc,DC=corp,DC=example,DC=com")
                .doesNotContain("bind-pass-123", "store-pass-456", "trust-pass-789");
        assertThat(properties.secrets()).containsExactlyInAnyOrder("bind-pass-123", "store-pass-456", "trust-pass-789");
        assertThat(List.of(properties.auth().toString())).noneMatch(text -> text.contains("pass-"));
    }
}
