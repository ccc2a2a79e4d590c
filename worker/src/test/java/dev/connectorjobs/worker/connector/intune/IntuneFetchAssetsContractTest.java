package dev.connectorjobs.worker.connector.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.intune.IntuneDevices.PATH;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.pageRequest;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.throttled;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fetch_assets} of the {@code intune} connector: paging through opaque next links, throttling,
 * token expiry mid-run and malformed answers.
 */
class IntuneFetchAssetsContractTest extends IntuneStubbedTest {

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
}
