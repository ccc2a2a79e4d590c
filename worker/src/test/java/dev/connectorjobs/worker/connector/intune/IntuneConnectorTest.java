package dev.connectorjobs.worker.connector.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.intune.IntuneDevices.PATH;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.authenticated;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.graphError;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.pageRequest;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.throttled;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code intune} connector against stubs that answer as the identity platform and Graph v1.0 do. */
class IntuneConnectorTest {

    static final String PREFIX = "jobs.connectors.intune";
    static final String GRAPH = "https://graph.microsoft.com/.default";
    static final int PAGE = 3;
    static final String FIRST_QUERY = "$select=" + String.join(",", ManagedDeviceNormalizer.SELECT) + "&$top=" + PAGE;

    static WireMockServer service;

    private ConnectorTestbed testbed;
    private GraphStub graph;

    @BeforeAll
    static void startService() {
        service = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterAll
    static void stopService() {
        service.stop();
    }

    @BeforeEach
    void reset() {
        service.resetAll();
        graph = new GraphStub(service, GRAPH, "/v1.0");
        testbed = new ConnectorTestbed();
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    private IntuneConnector connector(String... extra) {
        Map<String, String> properties = new LinkedHashMap<>(graph.properties(PREFIX));
        properties.put(PREFIX + ".page-size", Integer.toString(PAGE));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put(extra[i], extra[i + 1]);
        }
        return unconfigured(properties);
    }

    private IntuneConnector unconfigured(Map<String, String> properties) {
        return new IntuneConnector(
                ConnectorTestbed.bind(PREFIX, IntuneProperties.class, properties),
                testbed.clients(),
                testbed.mapper,
                testbed.clock,
                testbed.inventory(),
                testbed.sink());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(IntuneConnector connector, FakeJobContext job) {
        return (Map<String, Object>) connector.execute(job);
    }

    @SuppressWarnings("unchecked")
    static List<NormalizedAsset> assets(Map<String, Object> result) {
        return (List<NormalizedAsset>) result.get("assets");
    }

    private static List<String> ids(Map<String, Object> result) {
        return assets(result).stream().map(NormalizedAsset::sourceId).toList();
    }

    private static List<String> idsOf(int first, int last) {
        return LongStream.rangeClosed(first, last).mapToObj(IntuneDevices::id).toList();
    }

    private void devices(int count) {
        graph.list(PATH, FIRST_QUERY, count, PAGE, IntuneDevices::device, null);
    }

    private static int pageRequests(int page) {
        return service.findAll(getRequestedFor(urlPathEqualTo("/v1.0" + PATH))
                        .withQueryParam("$skiptoken", equalTo(GraphStub.skipToken(PATH, page))))
                .size();
    }

    @Test
    void it_declares_exactly_the_catalogue_entry_guarded_by_its_own_breaker() {
        assertThat(connector().descriptor()).isSameAs(DeviceConnectors.INTUNE);
        assertThat(DeviceConnectors.INTUNE.breaker()).contains("intune");
    }

    @Test
    void without_a_client_secret_jobs_fail_permanently_naming_the_property_and_sending_nothing() {
        Map<String, String> properties = new LinkedHashMap<>(graph.properties(PREFIX));
        properties.remove(PREFIX + ".auth.client-secret");

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> unconfigured(properties).execute(aJob("intune", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("jobs.connectors.intune.auth.client-secret", "JOBS_CONNECTORS_INTUNE_AUTH_CLIENT_SECRET");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void without_any_configuration_the_tenant_id_is_named_first() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> unconfigured(Map.of()).execute(aJob("intune", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage()).contains("jobs.connectors.intune.auth.tenant-id");
    }

    @Test
    void an_unknown_operation_fails_permanently_listing_the_operations() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("intune", "wipe_device")));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.getMessage()).contains("test_connection, fetch_assets, sync_device");
    }

    @Test
    void test_connection_gets_a_client_credentials_token_and_reads_one_device_id_with_it() {
        service.stubFor(authenticated(get(urlPathEqualTo("/v1.0" + PATH)))
                .withQueryParam("$top", equalTo("1"))
                .withQueryParam("$select", equalTo("id"))
                .willReturn(graph.page(PATH, List.of("{\"id\":\"" + IntuneDevices.id(1) + "\"}"), null, null)));

        Map<String, Object> result = run(connector(), aJob("intune", "test_connection"));

        assertThat(result).containsEntry("ok", true).containsEntry("devices_seen", 1);
        assertThat(graph.tokenRequests()).isEqualTo(1);
        service.verify(getRequestedFor(urlPathEqualTo("/v1.0" + PATH))
                .withHeader("Authorization", equalTo("Bearer " + token("first"))));
    }

    @Test
    void fetch_assets_follows_every_opaque_skiptoken_next_link_verbatim_and_normalizes_each_device() {
        devices(8);

        Map<String, Object> result = run(connector(), aJob("intune", "fetch_assets"));

        assertThat(ids(result)).isEqualTo(idsOf(1, 8));
        assertThat(result)
                .containsEntry("count", 8L)
                .containsEntry("pages", 3)
                .containsEntry("page_cap_reached", false);
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo("/v1.0" + PATH))
                        .withQueryParam("$skiptoken", absent())
                        .withQueryParam("$top", equalTo("3"))
                        .withQueryParam("$select", equalTo(String.join(",", ManagedDeviceNormalizer.SELECT))));
        assertThat(pageRequests(2)).isEqualTo(1);
        assertThat(pageRequests(3)).isEqualTo(1);
        NormalizedAsset first = assets(result).getFirst();
        assertThat(first.source()).isEqualTo("intune");
        assertThat(first.name()).isEqualTo("DESKTOP-00001");
        assertThat(first.serialNumber()).isEqualTo("5CG0000001");
        assertThat(first.os()).isEqualTo("Windows");
        assertThat(first.osVersion()).isEqualTo("10.0.22631.4460");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-11-30T08:00:01Z"));
        assertThat(first.attributes())
                .containsEntry("azureADDeviceId", "00000001-2f4e-4a1b-8c3d-000000000001")
                .containsEntry("complianceState", "compliant")
                .doesNotContainKeys("id", "deviceName", "imei");
        assertThat(assets(result).get(6).lastSeen()).as("never synced").isNull();
    }

    @Test
    void a_429_mid_paging_is_waited_out_and_paging_resumes_at_the_same_page_without_gaps_or_duplicates() {
        devices(9);
        service.stubFor(pageRequest("/v1.0", PATH, 2)
                .atPriority(1)
                .inScenario("throttle")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(throttled(1)));

        Map<String, Object> result = run(connector(), aJob("intune", "fetch_assets"));

        assertThat(ids(result)).isEqualTo(idsOf(1, 9));
        assertThat(pageRequests(2)).isEqualTo(2);
        assertThat(pageRequests(3)).isEqualTo(1);
    }

    @Test
    void a_429_longer_than_the_http_client_waits_is_waited_out_by_the_connector_at_the_same_page() {
        testbed.clients("jobs.http.services.intune.max-retry-after", "0s");
        devices(9);
        service.stubFor(pageRequest("/v1.0", PATH, 3)
                .atPriority(1)
                .inScenario("throttle")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(throttled(1)));

        Map<String, Object> result = run(connector(), aJob("intune", "fetch_assets"));

        assertThat(ids(result)).isEqualTo(idsOf(1, 9));
        assertThat(pageRequests(3)).isEqualTo(2);
    }

    @Test
    void a_token_that_expires_mid_run_is_renewed_exactly_once_and_the_run_continues_at_the_same_page() {
        devices(9);
        graph.issuesTokens("first", "second");
        graph.expiresAfterFirstPage("first");

        Map<String, Object> result = run(connector(), aJob("intune", "fetch_assets"));

        assertThat(ids(result)).isEqualTo(idsOf(1, 9));
        assertThat(graph.tokenRequests()).isEqualTo(2);
        assertThat(pageRequests(2)).isEqualTo(2);
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo("/v1.0" + PATH))
                        .withQueryParam("$skiptoken", equalTo(GraphStub.skipToken(PATH, 3)))
                        .withHeader("Authorization", equalTo("Bearer " + token("second"))));
    }

    @Test
    void a_token_rejected_again_after_renewal_fails_permanently_without_a_third_token() {
        devices(9);
        graph.issuesTokens("first", "second");
        graph.expiresAfterFirstPage("first");
        graph.expiresAfterFirstPage("second");

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("intune", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("InvalidAuthenticationToken", "jobs.connectors.intune.auth");
        assertThat(graph.tokenRequests()).isEqualTo(2);
    }

    @Test
    void a_token_endpoint_refusing_the_secret_fails_permanently_with_its_explanation_and_spares_the_breaker() {
        devices(3);
        IntuneConnector connector = connector(PREFIX + ".auth.client-secret", "revoked~Secret.Value_123");

        for (int i = 0; i < 6; i++) {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector.execute(aJob("intune", "fetch_assets")));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .startsWith("intune: the token endpoint localhost POST /" + GraphStub.TENANT
                            + "/oauth2/v2.0/token refused")
                    .contains("invalid_client", "AADSTS7000215", "jobs.connectors.intune.auth.client-secret")
                    .doesNotContain("revoked~Secret.Value_123");
        }

        assertThat(graph.tokenRequests()).isEqualTo(6);
        assertThat(service.findAll(getRequestedFor(urlPathEqualTo("/v1.0" + PATH))))
                .isEmpty();
        assertThat(testbed.breaker("intune").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void a_5xx_storm_opens_the_intune_breaker_and_later_jobs_fail_fast_without_reaching_graph() {
        service.stubFor(pageRequest("/v1.0", PATH, 1).atPriority(1).willReturn(serviceUnavailable()));
        IntuneConnector connector = connector();

        ConnectorException first =
                catchThrowableOfType(ConnectorException.class, () -> connector.execute(aJob("intune", "fetch_assets")));
        CircuitOpenException second = catchThrowableOfType(
                CircuitOpenException.class, () -> connector.execute(aJob("intune", "fetch_assets")));
        CircuitOpenException third = catchThrowableOfType(
                CircuitOpenException.class,
                () -> connector.execute(aJob("intune", "sync_device").param("device_id", IntuneDevices.id(4))));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(second.breaker()).isEqualTo("intune");
        assertThat(third.breaker()).isEqualTo("intune");
        assertThat(testbed.breaker("intune").state()).isEqualTo(State.OPEN);
        assertThat(service.findAll(getRequestedFor(urlPathEqualTo("/v1.0" + PATH))))
                .hasSize(5);
        assertThat(service.findAll(
                        postRequestedFor(urlPathEqualTo("/v1.0" + PATH + "/" + IntuneDevices.id(4) + "/syncDevice"))))
                .isEmpty();
    }

    @Test
    void a_page_without_a_value_array_fails_permanently_naming_the_connector_and_the_field() {
        service.stubFor(pageRequest("/v1.0", PATH, 1)
                .willReturn(
                        graph.page(PATH, List.of(), null, null).withBody("{\"@odata.context\":\"x\",\"values\":[]}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("intune", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .isEqualTo("intune: GET /v1.0/deviceManagement/managedDevices answered with a malformed body:"
                        + " 'value' is missing");
    }

    @Test
    void a_device_without_an_id_or_with_a_bad_sync_time_fails_naming_the_item_and_the_field() {
        service.stubFor(pageRequest("/v1.0", PATH, 1)
                .willReturn(
                        graph.page(PATH, List.of(IntuneDevices.device(1), "{\"deviceName\":\"orphan\"}"), null, null)));

        ConnectorException missingId = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("intune", "fetch_assets")));

        service.stubFor(pageRequest("/v1.0", PATH, 1)
                .willReturn(graph.page(
                        PATH,
                        List.of(IntuneDevices.device(1).replace("2026-11-30T08:00:01Z", "yesterday")),
                        null,
                        null)));
        ConnectorException badTime = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("intune", "fetch_assets")));

        assertThat(missingId.errorType()).isEqualTo("MalformedResponse");
        assertThat(missingId.getMessage()).startsWith("intune: ").endsWith("value[1].id is missing");
        assertThat(badTime.getMessage()).endsWith("value[0].lastSyncDateTime is not an ISO-8601 time");
    }

    @Test
    void a_next_link_to_another_host_is_not_followed() {
        service.stubFor(pageRequest("/v1.0", PATH, 1)
                .willReturn(graph.page(
                        PATH,
                        List.of(IntuneDevices.device(1)),
                        "https://graph.evil.example/v1.0" + PATH + "?$skiptoken=abc",
                        null)));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("intune", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("graph.evil.example", "not followed");
    }

    @Test
    void a_403_names_the_permission_the_app_registration_lacks() {
        service.stubFor(pageRequest("/v1.0", PATH, 1)
                .willReturn(graphError(403, "Forbidden", "Application is not authorized to perform this operation.")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("intune", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("AccessDenied");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("Forbidden: Application is not authorized", "DeviceManagementManagedDevices.Read.All");
    }

    @Test
    void sync_device_posts_sync_device_and_reports_the_204() {
        String id = IntuneDevices.id(42);
        service.stubFor(authenticated(post(urlPathEqualTo("/v1.0" + PATH + "/" + id + "/syncDevice")))
                .willReturn(noContent().withHeader("request-id", "5b0f8a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b")));

        Map<String, Object> result =
                run(connector(), aJob("intune", "sync_device").param("device_id", id));

        assertThat(result)
                .containsEntry("device_id", id)
                .containsEntry("sync_requested", true)
                .containsEntry("status", 204);
        service.verify(1, postRequestedFor(urlPathEqualTo("/v1.0" + PATH + "/" + id + "/syncDevice")));
    }

    @Test
    void sync_device_of_a_device_intune_does_not_know_fails_permanently_naming_it() {
        String id = IntuneDevices.id(404);
        service.stubFor(authenticated(post(urlPathEqualTo("/v1.0" + PATH + "/" + id + "/syncDevice")))
                .willReturn(graphError(404, "ResourceNotFound", "Resource not found")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector().execute(aJob("intune", "sync_device").param("device_id", id)));

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains(id, "device_id");
    }

    @Test
    void sync_device_refuses_a_device_id_that_is_not_a_guid_before_sending_anything() {
        for (String id :
                List.of("../../users", IntuneDevices.id(1) + "/retire", "%2e%2e", IntuneDevices.id(1) + "?x")) {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class,
                    () -> connector().execute(aJob("intune", "sync_device").param("device_id", id)));

            assertThat(failure.errorType()).isEqualTo("InvalidRequest");
            assertThat(failure.getMessage()).contains("device_id must be an id such as");
        }
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
