package dev.connectorjobs.worker.connector.activedirectory;

import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.activedirectory.DirectoryExtension.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.testing.directory.InMemoryActiveDirectory;
import dev.connectorjobs.testing.directory.TestCertificate;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code active_directory} connector over TLS: LDAPS and StartTLS against a domain controller
 * whose certificate the configured trust store (PEM certificates or a PKCS#12 store) vouches for;
 * certificates it does not trust, or that name another host, fail permanently; a client certificate
 * from a key store authenticates with SASL EXTERNAL; a trust store that cannot be read leaves the
 * connector not configured.
 */
class ActiveDirectoryTlsTest {

    static final String PREFIX = ActiveDirectoryProperties.PREFIX;
    static final Path keys = temporaryDirectory();
    static final TestCertificate server = TestCertificate.server(keys);
    static final TestCertificate client =
            TestCertificate.client(keys, "CN=svc-inventory,OU=Service Accounts,DC=corp,DC=example,DC=com");

    @RegisterExtension
    static final DirectoryExtension ldaps = new DirectoryExtension(
            () -> InMemoryActiveDirectory.builder().ldaps(server).start().addComputers(3));

    static InMemoryActiveDirectory startTls;
    static InMemoryActiveDirectory mutual;

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("ad-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void startOthers() {
        startTls = InMemoryActiveDirectory.builder().startTls(server).start().addComputers(3);
        mutual = InMemoryActiveDirectory.builder()
                .ldaps(server)
                .requireClientCertificate(client)
                .start()
                .addComputers(3);
    }

    @AfterAll
    static void stopOthers() throws IOException {
        startTls.close();
        mutual.close();
        try (var files = Files.list(keys)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(keys);
    }

    @Test
    void ldaps_with_the_domain_controller_s_certificate_as_pem_reads_the_directory() {
        String url = "ldaps://localhost:" + ldaps.directory().port();

        Map<String, Object> result = run(
                ldaps.connector("url", url, "truststore", server.pem().toString()),
                aJob("active_directory", "test_connection"));

        assertThat(result).containsEntry("ok", true).containsEntry("server", url);
    }

    @Test
    void start_tls_with_a_pkcs12_trust_store_reads_the_directory() {
        Map<String, String> properties = ConnectorTestbed.with(
                startTls.properties(),
                PREFIX + ".start-tls",
                "true",
                PREFIX + ".truststore",
                server.trustStore("trust-pass").toString(),
                PREFIX + ".truststore-password",
                "trust-pass");

        Map<String, Object> result = run(ldaps.connector(properties), aJob("active_directory", "fetch_assets"));

        assertThat(result).containsEntry("count", 3L);
    }

    @Test
    void a_certificate_the_worker_does_not_trust_fails_permanently_saying_to_set_the_truststore() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(ldaps.connector(), aJob("active_directory", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("TlsFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains(PREFIX + ".truststore");
        assertThat(ldaps.testbed().breaker("active_directory").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void a_certificate_issued_for_another_host_fails_the_host_name_check() {
        TestCertificate other = TestCertificate.serverForAnotherHost(keys);
        try (InMemoryActiveDirectory impostor =
                InMemoryActiveDirectory.builder().ldaps(other).start()) {
            // by name: the LDAP SDK trusts any certificate on a loopback address, as browsers do
            Map<String, String> properties = ConnectorTestbed.with(
                    impostor.properties(),
                    PREFIX + ".url",
                    "ldaps://localhost:" + impostor.port(),
                    PREFIX + ".truststore",
                    other.pem().toString());

            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class,
                    () -> run(ldaps.connector(properties), aJob("active_directory", "test_connection")));

            assertThat(failure.errorType()).isEqualTo("TlsFailed");
            assertThat(failure.getMessage()).contains("localhost").contains("dc9.elsewhere.example");
        }
    }

    @Test
    void a_client_certificate_authenticates_without_a_password() {
        Map<String, String> properties = ConnectorTestbed.with(
                mutual.properties(),
                PREFIX + ".truststore",
                server.pem().toString(),
                PREFIX + ".auth.keystore",
                client.keyStore().toString(),
                PREFIX + ".auth.keystore-password",
                client.password());
        properties.remove(PREFIX + ".auth.password");
        properties.remove(PREFIX + ".bind-dn");

        Map<String, Object> test = run(ldaps.connector(properties), aJob("active_directory", "test_connection"));
        Map<String, Object> fetch = run(ldaps.connector(properties), aJob("active_directory", "fetch_assets"));

        assertThat(test).containsEntry("ok", true).containsEntry("bound_as", "the client certificate of auth.keystore");
        assertThat(fetch).containsEntry("count", 3L);
        assertThat(mutual.binds()).isEqualTo(2);
    }

    @Test
    void a_trust_store_that_cannot_be_read_leaves_the_connector_not_configured_naming_the_file() {
        Path missing = keys.resolve("no-such-ca.pem");

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        ldaps.connector("truststore", missing.toString()),
                        aJob("active_directory", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage()).contains(PREFIX + ".truststore").contains(missing + " does not exist");
    }

    @Test
    void a_key_store_password_that_does_not_open_it_is_named_and_never_shown() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        ldaps.connector(
                                "truststore", server.pem().toString(),
                                "auth.keystore", client.keyStore().toString(),
                                "auth.keystore-password", "not-the-password"),
                        aJob("active_directory", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage())
                .contains(PREFIX + ".auth.keystore-password does not open it")
                .doesNotContain("not-the-password");
    }
}
