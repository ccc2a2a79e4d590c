package dev.connectorjobs.worker.connector.activedirectory;

import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.activedirectory.DirectoryExtension.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.unboundid.ldap.sdk.ResultCode;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.directory.InMemoryActiveDirectory;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * How the {@code active_directory} connector fails: a refused bind is permanent and leaves the
 * breaker alone; a directory that is down, busy or slow is retryable and opens the breaker after
 * five failures, after which jobs fail fast without connecting; a dropped connection is replaced; a
 * second domain controller takes over from a dead first; a missing setting is named. The password
 * never shows, in errors or logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActiveDirectoryFailureTest {

    static final String PREFIX = ActiveDirectoryProperties.PREFIX;

    @RegisterExtension
    static final DirectoryExtension ad =
            new DirectoryExtension(() -> InMemoryActiveDirectory.start().addComputers(12));

    static FakeJobContext fetchAssets() {
        return aJob("active_directory", "fetch_assets");
    }

    static CircuitBreaker.State breaker() {
        return ad.testbed().breaker("active_directory").state();
    }

    @Test
    void a_wrong_password_fails_permanently_with_ad_s_reason_and_never_opens_the_breaker(CapturedOutput output) {
        String wrong = "Wr0ng-Passw0rd!";
        ActiveDirectoryConnector connector = ad.connector("auth.password", wrong);

        for (int job = 1; job <= 6; job++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, fetchAssets()));

            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .contains("invalid credentials (49)")
                    .contains("Active Directory says: the password is wrong")
                    .contains(InMemoryActiveDirectory.BIND_DN)
                    .contains(PREFIX + ".auth.password")
                    .doesNotContain(wrong);
        }
        assertThat(breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(ad.directory().binds()).isEqualTo(6);
        assertThat(output.getAll()).doesNotContain(wrong).doesNotContain(InMemoryActiveDirectory.PASSWORD);
    }

    @Test
    void a_directory_that_refuses_connections_is_retryable_and_opens_the_breaker_after_five_jobs() throws Exception {
        try (DeadServer dead = new DeadServer()) {
            ActiveDirectoryConnector connector = ad.connector("url", dead.url());

            for (int job = 1; job <= 5; job++) {
                ConnectorException failure =
                        catchThrowableOfType(ConnectorException.class, () -> run(connector, fetchAssets()));
                assertThat(failure.errorType()).isEqualTo("DirectoryUnavailable");
                assertThat(failure.isRetryable()).isTrue();
                assertThat(failure.getMessage())
                        .contains("server down (81)")
                        .contains(dead.url())
                        .doesNotContain(InMemoryActiveDirectory.PASSWORD);
            }
            assertThat(breaker()).isEqualTo(CircuitBreaker.State.OPEN);
            int connections = dead.accepted();

            CircuitOpenException rejected =
                    catchThrowableOfType(CircuitOpenException.class, () -> run(connector, fetchAssets()));

            assertThat(rejected.breaker()).isEqualTo("active_directory");
            assertThat(rejected.spendsRetry()).isFalse();
            assertThat(dead.accepted())
                    .as("no connection while the breaker is open")
                    .isEqualTo(connections);
        }
    }

    @Test
    void a_port_nobody_listens_on_is_a_retryable_connect_error() throws Exception {
        String url = "ldap://127.0.0.1:" + freePort();

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        ad.connector("url", url, "connect-timeout", "2s"),
                        aJob("active_directory", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("DirectoryUnavailable");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage()).contains("connect error (91)").contains(url);
    }

    @Test
    void a_busy_domain_controller_is_retryable_and_counts_for_the_breaker() {
        ad.directory().failSearches(ResultCode.BUSY);
        ActiveDirectoryConnector connector = ad.connector();

        for (int job = 1; job <= 5; job++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, fetchAssets()));
            assertThat(failure.errorType()).isEqualTo("DirectoryUnavailable");
            assertThat(failure.isRetryable()).isTrue();
            assertThat(failure.getMessage()).contains("busy (51)");
        }

        assertThat(breaker()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void a_page_that_takes_longer_than_the_response_timeout_is_a_retryable_timeout() {
        ad.directory().delaySearches(Duration.ofSeconds(3));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(ad.connector("response-timeout", "300ms"), fetchAssets()));

        assertThat(failure.errorType()).isEqualTo("DirectoryTimeout");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage()).contains("timeout (85)").contains(PREFIX + ".response-timeout");
    }

    @Test
    void a_directory_that_went_away_fails_the_job_retryably_and_the_pool_reconnects_when_it_is_back() {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", ad.directory().port())) {
            ActiveDirectoryConnector connector = ad.connector("url", "ldap://127.0.0.1:" + proxy.port());
            assertThat(run(connector, fetchAssets())).containsEntry("count", 12L);

            proxy.cut();
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, fetchAssets()));
            proxy.restore();

            assertThat(failure.errorType()).isEqualTo("DirectoryUnavailable");
            assertThat(failure.isRetryable()).isTrue();
            assertThat(run(connector, fetchAssets())).containsEntry("count", 12L);
        }
    }

    @Test
    void the_next_domain_controller_serves_when_the_first_refuses_connections() throws Exception {
        String dead = "ldap://127.0.0.1:" + freePort();

        var result = run(
                ad.connector("url", dead + "," + ad.directory().url()), aJob("active_directory", "test_connection"));

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("server", ad.directory().url());
    }

    @Test
    void a_closed_connector_fails_its_jobs_retryably_without_binding_or_counting_for_the_breaker() {
        ActiveDirectoryConnector connector = ad.connector();
        run(connector, fetchAssets());

        connector.close();
        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(connector, fetchAssets()));

        assertThat(failure.errorType()).isEqualTo("WorkerShuttingDown");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(ad.directory().binds()).isEqualTo(1);
        assertThat(breaker()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(Breakers.failureCount(ad.testbed().breaker("active_directory")))
                .isZero();
    }

    @Test
    void a_connector_without_url_base_dn_or_credential_fails_its_jobs_naming_the_property() {
        ConnectorException noUrl =
                catchThrowableOfType(ConnectorException.class, () -> run(ad.connector("url", null), fetchAssets()));
        ConnectorException noBase =
                catchThrowableOfType(ConnectorException.class, () -> run(ad.connector("base-dn", null), fetchAssets()));
        ConnectorException noPassword = catchThrowableOfType(
                ConnectorException.class, () -> run(ad.connector("auth.password", null), fetchAssets()));
        ConnectorException noBindDn =
                catchThrowableOfType(ConnectorException.class, () -> run(ad.connector("bind-dn", null), fetchAssets()));

        assertThat(noUrl.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(noUrl.isRetryable()).isFalse();
        assertThat(noUrl.getMessage()).contains(PREFIX + ".url").contains("JOBS_CONNECTORS_ACTIVE_DIRECTORY_URL");
        assertThat(noBase.getMessage()).contains(PREFIX + ".base-dn");
        assertThat(noPassword.getMessage()).contains(PREFIX + ".auth.password").contains("auth.keystore");
        assertThat(noBindDn.getMessage()).contains(PREFIX + ".bind-dn");
        assertThat(ad.directory().binds()).isZero();
    }

    @Test
    void an_operation_the_connector_lacks_fails_listing_those_it_has() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(ad.connector(), aJob("active_directory", "fetch_groups")));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.getMessage()).contains("test_connection, fetch_assets, fetch_users");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A domain controller that is down in the way a crashed service is: it accepts a connection and drops it. */
    static final class DeadServer implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();

        DeadServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        accepted.incrementAndGet();
                        client.close();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "ldap://127.0.0.1:" + socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
