package dev.connectorjobs.worker.connector.sccm;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.sccm.AdminServiceStub.PASSWORD;
import static dev.connectorjobs.worker.connector.sccm.AdminServiceStub.USERNAME;
import static dev.connectorjobs.worker.connector.sccm.AdminServiceStub.error;
import static dev.connectorjobs.worker.connector.sccm.AdminServiceStub.json;
import static dev.connectorjobs.worker.connector.sccm.AdminServiceStub.systemsPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code sccm} connector against a stub that answers as a Configuration Manager administration
 * service behind a Basic-authenticating proxy does: the site, device paging by {@code $top}/{@code
 * $skip} or {@code @odata.nextLink}, client notifications, throttling and the failures that matter.
 */
class SccmContractTest {

    static final int TOP = 3;
    static final String PREFIX = "jobs.connectors.sccm.";

    static WireMockServer service;

    ConnectorTestbed testbed;
    AdminServiceStub stub;

    @BeforeAll
    static void start() {
        service = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @BeforeEach
    void reset() {
        service.resetAll();
        testbed = new ConnectorTestbed();
        stub = new AdminServiceStub(service);
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    SccmConnector connector(String... extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "base-url", service.baseUrl());
        properties.put(PREFIX + "auth.username", USERNAME);
        properties.put(PREFIX + "auth.password", PASSWORD);
        properties.put(PREFIX + "page-size", Integer.toString(TOP));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put(PREFIX + extra[i], extra[i + 1]);
        }
        return new SccmConnector(
                ConnectorTestbed.bind("jobs.connectors.sccm", SccmProperties.class, properties),
                testbed.clients(),
                testbed.mapper,
                testbed.clock,
                testbed.inventory(),
                testbed.sink());
    }

    static Map<String, Object> run(SccmConnector connector, String operation) {
        return run(connector, aJob("sccm", operation).param("publish", true));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(SccmConnector connector, FakeJobContext job) {
        return (Map<String, Object>) Objects.requireNonNull(connector.execute(job));
    }

    int systemPageRequests() {
        return service.findAll(getRequestedFor(urlPathEqualTo(SccmConnector.SYSTEMS)))
                .size();
    }

    @Test
    void test_connection_reads_the_site_with_basic_credentials() {
        stub.site();

        Map<String, Object> result = run(connector(), "test_connection");

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("site_code", "PS1")
                .containsEntry("site_name", "Primary Site 1")
                .containsEntry("version", "5.00.9128.1000")
                .containsEntry("auth", "basic");
    }

    @Test
    void a_bearer_token_is_sent_instead_when_configured() {
        service.stubFor(get(urlPathEqualTo(SccmConnector.SITE))
                .withHeader("Authorization", equalTo("Bearer eyJ0eXAiOiJKV1QiLCJub25jZSI6ImNtZyJ9"))
                .willReturn(json(200, "{\"value\":[{\"SiteCode\":\"PS1\"}]}")));

        Map<String, Object> result = run(
                connector(
                        "auth.username", "", "auth.password", "", "auth.token", "eyJ0eXAiOiJKV1QiLCJub25jZSI6ImNtZyJ9"),
                "test_connection");

        assertThat(result).containsEntry("site_code", "PS1").containsEntry("auth", "token");
    }

    @Test
    void fetch_assets_pages_with_top_and_skip_until_a_short_page_and_normalizes_every_device_once() {
        stub.systems(8, TOP);
        FakeJobContext job = aJob("sccm", "fetch_assets").param("publish", true);

        Map<String, Object> result = run(connector(), job);

        assertThat(result)
                .containsEntry("source", "sccm")
                .containsEntry("count", 8L)
                .containsEntry("pages", 3);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .containsExactly(
                        "16777217", "16777218", "16777219", "16777220", "16777221", "16777222", "16777223", "16777224");
        service.verify(1, getRequestedFor(urlPathEqualTo(SccmConnector.SYSTEMS)).withQueryParam("$skip", equalTo("6")));
        assertThat(systemPageRequests()).isEqualTo(3);
        NormalizedAsset first = testbed.published.getFirst();
        assertThat(first.name()).isEqualTo("PC-0001");
        assertThat(first.serialNumber()).isNull();
        assertThat(first.os()).isEqualTo("Microsoft Windows NT Workstation 10.0");
        assertThat(first.osVersion()).isEqualTo("10.0.22631");
        assertThat(first.ipAddresses()).containsExactly("10.4.0.1", "fe80::1c2b:1");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-11-30T08:01:12Z"));
        assertThat(first.attributes())
                .containsEntry("Client", 1)
                .containsEntry("LastLogonUserName", "user1")
                .containsEntry("SMSUniqueIdentifier", "GUID:0F5D3A2C-0000-4000-8000-000000000001")
                .containsEntry("MACAddresses", List.of("00:15:5D:00:01:01"));
    }

    @Test
    void a_page_that_fills_top_exactly_is_followed_by_one_more_request_which_comes_back_empty() {
        stub.systems(6, TOP);

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 6L).containsEntry("pages", 3);
        service.verify(1, getRequestedFor(urlPathEqualTo(SccmConnector.SYSTEMS)).withQueryParam("$skip", equalTo("6")));
    }

    @Test
    void an_odata_next_link_is_followed_as_given_instead_of_counting_skip() {
        String next = service.baseUrl() + SccmConnector.SYSTEMS + "?$skiptoken=eyJSZXNvdXJjZUlkIjoxNjc3NzIxOX0";
        service.stubFor(stub.authorized(systemsPage(TOP, 0)).willReturn(json(200, stub.page(1, 3, next))));
        service.stubFor(stub.authorized(get(urlPathEqualTo(SccmConnector.SYSTEMS))
                        .withQueryParam("$skiptoken", equalTo("eyJSZXNvdXJjZUlkIjoxNjc3NzIxOX0")))
                .willReturn(json(200, stub.page(4, 5, null))));

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 5L).containsEntry("pages", 2);
        assertThat(systemPageRequests()).isEqualTo(2);
    }

    @Test
    void a_429_with_retry_after_mid_paging_asks_for_the_same_page_again_without_gaps_or_duplicates() {
        stub.systems(8, TOP);
        service.stubFor(systemsPage(TOP, 3)
                .atPriority(1)
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("later")
                .willReturn(error(429, "TooManyRequests", "Too many requests").withHeader("Retry-After", "1")));

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        service.verify(2, getRequestedFor(urlPathEqualTo(SccmConnector.SYSTEMS)).withQueryParam("$skip", equalTo("3")));
    }

    @Test
    void a_401_mid_run_fails_permanently_at_once_since_basic_credentials_cannot_be_renewed() {
        stub.systems(8, TOP);
        service.stubFor(systemsPage(TOP, 3).atPriority(1).willReturn(aResponse401()));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("jobs.connectors.sccm.auth").doesNotContain(PASSWORD);
        assertThat(systemPageRequests()).isEqualTo(2);
        assertThat(testbed.breaker("sccm").state().name()).isEqualTo("CLOSED");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder aResponse401() {
        return error(401, "Unauthorized", "The account password expired")
                .withHeader("WWW-Authenticate", "Basic realm=\"AdminService\"");
    }

    @Test
    void a_service_that_offers_only_windows_authentication_fails_permanently_saying_what_to_set_up() {
        stub.windowsAuthenticationOnly();
        SccmConnector connector = connector();

        for (int i = 0; i < 6; i++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, "test_connection"));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .startsWith("sccm: GET /AdminService/wmi/SMS_Site answered 401")
                    .contains("Negotiate, NTLM", "reverse proxy", "jobs.connectors.sccm.base-url");
        }
        assertThat(testbed.breaker("sccm").state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_jobs_fail_fast_without_reaching_the_service() {
        service.stubFor(stub.authorized(systemsPage(TOP, 0))
                .willReturn(error(503, "ServiceUnavailable", "The SMS Provider is not available")));
        SccmConnector connector = connector();

        ConnectorException first = catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
        ConnectorException later = first;
        for (int job = 0; job < 3 && !(later instanceof CircuitOpenException); job++) {
            later = catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
        }
        int requests = service.findAll(anyRequestedFor(anyUrl())).size();
        ConnectorException afterwards = catchThrowableOfType(
                ConnectorException.class,
                () -> run(connector, aJob("sccm", "run_client_operation").param("collection_id", "SMS00001")));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(later).isInstanceOf(CircuitOpenException.class);
        assertThat(((CircuitOpenException) afterwards).breaker()).isEqualTo("sccm");
        assertThat(testbed.breaker("sccm").state().name()).isEqualTo("OPEN");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).hasSize(requests);
    }

    @Test
    void malformed_pages_and_devices_fail_permanently_naming_the_connector_and_the_field() {
        service.stubFor(stub.authorized(systemsPage(TOP, 0)).willReturn(json(200, "{\"value\":{}}")));
        ConnectorException notAList =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        service.stubFor(stub.authorized(systemsPage(TOP, 0))
                .willReturn(json(200, "{\"value\":[" + AdminServiceStub.system(1) + ",{\"Name\":\"PC-X\"}]}")));
        ConnectorException noId =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        service.stubFor(stub.authorized(systemsPage(TOP, 0))
                .willReturn(json(200, "{\"value\":[{\"ResourceId\":16777217,\"IPAddresses\":\"10.4.0.1\"}]}")));
        ConnectorException addresses =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        assertThat(List.of(notAList, noId, addresses))
                .allSatisfy(failure -> assertThat(failure.errorType()).isEqualTo("MalformedResponse"));
        assertThat(notAList.getMessage())
                .isEqualTo("sccm: GET /AdminService/wmi/SMS_R_System answered with a malformed body: 'value' is not"
                        + " an array");
        assertThat(noId.getMessage()).startsWith("sccm: ").endsWith("page 1: value[1].ResourceId is missing");
        assertThat(addresses.getMessage()).endsWith("value[0].IPAddresses is not a list");
    }

    @Test
    void run_client_operation_asks_the_collection_for_machine_policy_and_returns_the_operation() {
        service.stubFor(stub.authorized(post(urlPathEqualTo(ClientOperations.PATH)))
                .willReturn(json(
                        200,
                        "{\"@odata.context\":\"" + service.baseUrl() + "/AdminService/wmi/$metadata#System.Object\","
                                + "\"OperationID\":16777245,\"ReturnValue\":0}")));

        Map<String, Object> result = run(
                connector(),
                aJob("sccm", "run_client_operation")
                        .param("collection_id", "PS100042")
                        .param("resource_ids", List.of(16777217, 16777218))
                        .param("randomization_window", 30));

        assertThat(result)
                .containsEntry("operation_id", 16777245L)
                .containsEntry("action", "machine_policy")
                .containsEntry("type", 8)
                .containsEntry("collection_id", "PS100042");
        service.verify(
                1,
                postRequestedFor(urlPathEqualTo(ClientOperations.PATH))
                        .withRequestBody(equalToJson("{\"Type\":8,\"TargetCollectionID\":\"PS100042\","
                                + "\"RandomizationWindow\":30,\"TargetResourceIDs\":[16777217,16777218]}")));
    }

    @Test
    void a_refused_client_operation_or_bad_params_fail_permanently() {
        service.stubFor(stub.authorized(post(urlPathEqualTo(ClientOperations.PATH)))
                .willReturn(json(200, "{\"OperationID\":0,\"ReturnValue\":2147749889}")));

        ConnectorException refused = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        connector(),
                        aJob("sccm", "run_client_operation")
                                .param("collection_id", "SMS00001")
                                .param("action", "hardware_inventory")));
        ConnectorException badCollection = catchThrowableOfType(
                ConnectorException.class,
                () -> run(connector(), aJob("sccm", "run_client_operation").param("collection_id", "All Systems")));
        ConnectorException restart = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        connector(),
                        aJob("sccm", "run_client_operation")
                                .param("collection_id", "SMS00001")
                                .param("action", "restart")));

        assertThat(refused.errorType()).isEqualTo("ClientOperationRefused");
        assertThat(refused.isRetryable()).isFalse();
        assertThat(refused.getMessage()).contains("2147749889", "hardware_inventory", "SMS00001");
        assertThat(badCollection.errorType()).isEqualTo("InvalidRequest");
        assertThat(restart.errorType()).isEqualTo("InvalidRequest");
        assertThat(restart.getMessage()).contains("machine_policy");
        service.verify(
                1,
                postRequestedFor(urlPathEqualTo(ClientOperations.PATH))
                        .withRequestBody(equalToJson("{\"Type\":12,\"TargetCollectionID\":\"SMS00001\"}")));
    }

    @Test
    void the_page_cap_stops_the_read_and_says_so() {
        stub.systems(8, TOP);

        Map<String, Object> result = run(connector("page-cap", "2"), "fetch_assets");

        assertThat(result).containsEntry("count", 6L).containsEntry("page_cap_reached", true);
    }

    @Test
    void without_a_url_or_credentials_jobs_fail_as_not_configured_naming_the_property() {
        List<ConnectorException> failures = List.of(
                        connector("base-url", ""),
                        connector("auth.password", ""),
                        connector("auth.username", "", "auth.password", ""))
                .stream()
                .map(connector -> catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets")))
                .toList();

        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
            assertThat(failure.isRetryable()).isFalse();
        });
        assertThat(failures.get(0).getMessage())
                .contains("jobs.connectors.sccm.base-url", "JOBS_CONNECTORS_SCCM_BASE_URL");
        assertThat(failures.get(1).getMessage()).contains("jobs.connectors.sccm.auth.password");
        assertThat(failures.get(2).getMessage()).contains("jobs.connectors.sccm.auth.username", "auth.token");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
