package dev.connectorjobs.worker.connector.intune;

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
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.intune.IntuneDevices.PATH;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.authenticated;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.graphError;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.pageRequest;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code intune} connector's declaration, configuration, token endpoint, breaker, {@code
 * test_connection} and {@code sync_device}.
 */
class IntuneConnectorContractTest extends IntuneStubbedTest {

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
