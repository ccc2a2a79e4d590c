package dev.connectorjobs.worker.connector.ansible;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.ansible.AwxConnectors.PAGE_SIZE;
import static dev.connectorjobs.worker.connector.ansible.AwxConnectors.connector;
import static dev.connectorjobs.worker.connector.ansible.AwxConnectors.unconfigured;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.hostsPage;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ExecutionConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ansible} test_connection and fetch_assets against stubs that answer as AWX REST API v2 does. */
class AnsibleInventoryContractTest {

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer awx = vendor.server();

    private ConnectorTestbed testbed;
    private AwxStub stub;

    @BeforeEach
    void reset() {
        testbed = vendor.testbed();
        stub = new AwxStub(awx);
    }

    private static Map<String, Object> run(AnsibleConnector connector, String operation, Object... params) {
        var job = aJob("ansible", operation);
        for (int i = 0; i + 1 < params.length; i += 2) {
            job.param((String) params[i], params[i + 1]);
        }
        return ConnectorTestbed.run(connector, job);
    }

    private static List<String> sourceIds(Map<String, Object> result) {
        return ConnectorTestbed.assets(result).stream()
                .map(NormalizedAsset::sourceId)
                .toList();
    }

    private static List<String> ids(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(Integer::toString).toList();
    }

    private static int hostRequests() {
        return awx.findAll(getRequestedFor(urlPathEqualTo("/api/v2/hosts/"))).size();
    }

    @Test
    void it_is_declared_in_the_catalogue_guarded_by_its_own_breaker() {
        assertThat(connector(testbed, awx.baseUrl()).descriptor()).isSameAs(ExecutionConnectors.ANSIBLE);
        assertThat(BuiltInConnectors.all()).contains(ExecutionConnectors.ANSIBLE);
        assertThat(ExecutionConnectors.ANSIBLE.breaker()).contains("ansible");
    }

    @Test
    void without_a_base_url_jobs_fail_permanently_naming_the_property_and_its_environment_variable() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> unconfigured(testbed, Map.of("jobs.connectors.ansible.auth.token", AwxStub.TOKEN))
                        .execute(aJob("ansible", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("jobs.connectors.ansible.base-url", "JOBS_CONNECTORS_ANSIBLE_BASE_URL");
    }

    @Test
    void without_credentials_jobs_fail_permanently_before_any_request() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> unconfigured(testbed, Map.of("jobs.connectors.ansible.base-url", awx.baseUrl()))
                        .execute(aJob("ansible", "launch_job_template").param("job_template_id", 7)));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage()).contains("jobs.connectors.ansible.auth.token", "auth.username");
        assertThat(awx.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void an_unknown_operation_fails_permanently_listing_the_operations() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(connector(testbed, awx.baseUrl()), "delete_hosts"));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.getMessage()).contains("launch_job_template");
    }

    @Test
    void test_connection_pings_awx_then_checks_the_token_on_the_current_user() {
        awx.stubFor(get(urlPathEqualTo("/api/v2/ping/"))
                .willReturn(ok("{\"ha\":false,\"version\":\"24.6.1\",\"active_node\":\"awx-web-1\","
                        + "\"install_uuid\":\"d2c5e8b0\",\"instances\":[],\"instance_groups\":[]}")));
        awx.stubFor(AwxStub.authenticated(get(urlPathEqualTo("/api/v2/me/")))
                .willReturn(ok("{\"count\":1,\"next\":null,\"previous\":null,\"results\":[{\"id\":3,"
                        + "\"type\":\"user\",\"username\":\"svc-connector\",\"is_superuser\":false}]}")));

        Map<String, Object> result = run(connector(testbed, awx.baseUrl()), "test_connection");

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("version", "24.6.1")
                .containsEntry("user", "svc-connector");
        awx.verify(getRequestedFor(urlPathEqualTo("/api/v2/me/"))
                .withHeader("Authorization", equalTo("Bearer " + AwxStub.TOKEN)));
    }

    @Test
    void fetch_assets_follows_next_relative_and_absolute_until_null_and_normalizes_every_host() {
        stub.hosts("/api/v2/hosts/", 8, PAGE_SIZE);
        var job = aJob("ansible", "fetch_assets");

        Map<String, Object> result = ConnectorTestbed.run(connector(testbed, awx.baseUrl()), job);

        assertThat(result).containsEntry("source", "ansible").containsEntry("count", 8L);
        assertThat(result).containsEntry("pages", 3).containsEntry("page_cap_reached", false);
        assertThat(sourceIds(result)).isEqualTo(ids(1, 8));
        assertThat(hostRequests()).isEqualTo(3);
        awx.verify(getRequestedFor(urlPathEqualTo("/api/v2/hosts/"))
                .withQueryParam("page", equalTo("3"))
                .withQueryParam("order_by", equalTo("id"))
                .withHeader("Authorization", equalTo("Bearer " + AwxStub.TOKEN)));
        assertThat(job.progressReports()).containsExactly(3L, 6L, 8L);
    }

    @Test
    void a_host_is_normalized_with_its_address_from_its_variables_and_its_last_job() {
        stub.hosts("/api/v2/hosts/", 1, PAGE_SIZE);

        NormalizedAsset host = ConnectorTestbed.assets(run(connector(testbed, awx.baseUrl()), "fetch_assets"))
                .getFirst();

        assertThat(host.key()).isEqualTo("ansible:1");
        assertThat(host.name()).isEqualTo("web-01.example.com");
        assertThat(host.ipAddresses()).containsExactly("10.0.0.1");
        assertThat(host.lastSeen()).isEqualTo(Instant.parse("2024-03-02T10:15:00.123456Z"));
        assertThat(host.attributes())
                .containsEntry("inventory", 2L)
                .containsEntry("inventory_name", "Production")
                .containsEntry("enabled", true)
                .containsEntry("last_job_status", "successful")
                .doesNotContainKey("description");
    }

    @Test
    void the_inventory_param_reads_the_hosts_of_that_inventory() {
        stub.hosts("/api/v2/inventories/2/hosts/", 4, PAGE_SIZE);

        Map<String, Object> result = run(connector(testbed, awx.baseUrl()), "fetch_assets", "inventory", 2);

        assertThat(sourceIds(result)).isEqualTo(ids(1, 4));
        assertThat(hostRequests()).isZero();
    }

    @Test
    void basic_credentials_are_sent_when_a_user_and_password_are_configured() {
        awx.stubFor(get(urlPathEqualTo("/api/v2/hosts/"))
                .withBasicAuth(AwxStub.USER, AwxStub.PASSWORD)
                .atPriority(1)
                .willReturn(ok("{\"count\":1,\"next\":null,\"previous\":null,\"results\":[" + AwxStub.host(5) + "]}")));
        AnsibleConnector connector = unconfigured(
                testbed,
                Map.of(
                        "jobs.connectors.ansible.base-url", awx.baseUrl(),
                        "jobs.connectors.ansible.auth.username", AwxStub.USER,
                        "jobs.connectors.ansible.auth.password", AwxStub.PASSWORD));

        assertThat(sourceIds(run(connector, "fetch_assets"))).containsExactly("5");
    }

    @Test
    void a_rejected_token_fails_permanently_without_showing_it_nor_counting_against_the_breaker() {
        stub.hosts("/api/v2/hosts/", 8, PAGE_SIZE);
        AnsibleConnector connector =
                connector(testbed, awx.baseUrl(), "jobs.connectors.ansible.auth.token", "revoked-token-1234");

        for (int i = 0; i < 6; i++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .startsWith("ansible: GET /api/v2/hosts/ answered 401")
                    .contains("Authentication credentials were not provided", "jobs.connectors.ansible.auth.token")
                    .doesNotContain("revoked-token-1234");
        }
        assertThat(hostRequests()).isEqualTo(6);
        assertThat(testbed.breaker("ansible").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void a_429_with_retry_after_mid_paging_is_waited_out_and_the_same_page_asked_again() {
        stub.hosts("/api/v2/hosts/", 8, PAGE_SIZE);
        awx.stubFor(hostsPage("/api/v2/hosts/", 2, PAGE_SIZE)
                .atPriority(1)
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\":\"Request was throttled. Expected available in 1 second.\"}")));

        Map<String, Object> result = run(connector(testbed, awx.baseUrl()), "fetch_assets");

        assertThat(sourceIds(result)).isEqualTo(ids(1, 8));
        awx.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/hosts/")).withQueryParam("page", equalTo("2")));
        awx.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/hosts/")).withQueryParam("page", equalTo("3")));
    }

    @Test
    void a_5xx_storm_opens_the_ansible_breaker_and_later_jobs_fail_fast_without_reaching_awx() {
        awx.stubFor(hostsPage("/api/v2/hosts/", 1, PAGE_SIZE).atPriority(1).willReturn(serviceUnavailable()));
        AnsibleConnector connector = connector(testbed, awx.baseUrl());

        ConnectorException first = catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
        for (int job = 0; job < 5 && testbed.breaker("ansible").state() != State.OPEN; job++) {
            catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
        }
        int reached = awx.findAll(anyRequestedFor(anyUrl())).size();
        CircuitOpenException second = catchThrowableOfType(
                CircuitOpenException.class, () -> run(connector, "launch_job_template", "job_template_id", 7));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(second.breaker()).isEqualTo("ansible");
        assertThat(second.spendsRetry()).isFalse();
        assertThat(testbed.breaker("ansible").state()).isEqualTo(State.OPEN);
        assertThat(awx.findAll(anyRequestedFor(anyUrl()))).hasSize(reached);
    }

    @Test
    void a_page_without_results_fails_permanently_naming_the_field() {
        awx.stubFor(hostsPage("/api/v2/hosts/", 1, PAGE_SIZE).willReturn(ok("{\"count\":0,\"next\":null}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> run(connector(testbed, awx.baseUrl()), "fetch_assets"));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("ansible", "'results' is missing");
    }
}
