package dev.connectorjobs.worker.connector.jamf;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.CLIENT_ID;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.CLIENT_SECRET;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.TOKEN;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.USERNAME;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.computersPage;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.error;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code jamf} connector against a stub that answers as a Jamf Pro server does: both inventories
 * with their paging, throttling, the breaker, malformed answers, the framework redeploy and the
 * configuration it needs.
 */
class JamfContractTest extends JamfContractBase {

    @Test
    void fetch_assets_reads_computer_pages_from_0_sorted_by_id_until_the_total_and_normalizes_each_once() {
        stub.oauth(TOKEN);
        stub.computers(TOKEN, 8, SIZE);
        FakeJobContext job = aJob("jamf", "fetch_assets").param("publish", true);

        Map<String, Object> result = run(connector(), job);

        assertThat(result)
                .containsEntry("source", "jamf")
                .containsEntry("count", 8L)
                .containsEntry("pages", 3)
                .containsEntry("page_cap_reached", false)
                .containsEntry("truncated", false);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(computerPageRequests()).isEqualTo(3);
        assertThat(job.progressReports()).containsExactly(3L, 6L, 8L);
        NormalizedAsset first = testbed.published.getFirst();
        assertThat(first.source()).isEqualTo("jamf");
        assertThat(first.name()).isEqualTo("MBP-0001");
        assertThat(first.serialNumber()).isEqualTo("C02JAMF00001");
        assertThat(first.os()).isEqualTo("macOS");
        assertThat(first.osVersion()).isEqualTo("15.1.1");
        assertThat(first.ipAddresses()).containsExactly("10.2.0.1", "192.168.1.1");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-12-02T18:40:03.417Z"));
        assertThat(first.attributes())
                .containsEntry("udid", "5D1E2C3B-0000-4000-8000-000000000001")
                .containsEntry("model", "MacBook Pro (14-inch, 2023)")
                .containsEntry("managementId", "a2b1c3d4-0000-4000-8000-000000000001")
                .containsEntry("build", "24B91");
    }

    @Test
    void fetch_mobile_devices_reads_the_v2_details_sorted_by_id_with_ids_apart_from_the_computers() {
        stub.oauth(TOKEN);
        stub.mobileDevices(TOKEN, 7, SIZE);

        Map<String, Object> result = run(connector(), "fetch_mobile_devices");

        assertThat(result).containsEntry("count", 7L).containsEntry("pages", 3);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .containsExactly(
                        "mobile-device/1",
                        "mobile-device/2",
                        "mobile-device/3",
                        "mobile-device/4",
                        "mobile-device/5",
                        "mobile-device/6",
                        "mobile-device/7");
        NormalizedAsset first = testbed.published.getFirst();
        assertThat(first.name()).isEqualTo("iPad-0001");
        assertThat(first.serialNumber()).isEqualTo("DMPJAMF00001");
        assertThat(first.os()).isEqualTo("iOS");
        assertThat(first.osVersion()).isEqualTo("18.1");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-12-01T07:55:10.318Z"));
        assertThat(first.attributes())
                .containsEntry("mobile_device_id", "1")
                .containsEntry("model", "iPad (10th generation)")
                .containsEntry("supervised", true);
    }

    @Test
    void max_assets_stops_paging_and_a_result_over_the_kept_size_says_truncated() {
        stub.oauth(TOKEN);
        stub.computers(TOKEN, 8, SIZE);
        JamfConnector connector = new JamfConnector(
                ConnectorTestbed.bind(
                        "jobs.connectors.jamf",
                        JamfProperties.class,
                        PREFIX + "base-url",
                        service.baseUrl(),
                        PREFIX + "auth.client-id",
                        CLIENT_ID,
                        PREFIX + "auth.client-secret",
                        CLIENT_SECRET,
                        PREFIX + "page-size",
                        Integer.toString(SIZE)),
                testbed.clients(),
                testbed.mapper,
                testbed.clock,
                testbed.inventory("jobs.inventory.max-result-assets", "2"),
                testbed.sink());

        Map<String, Object> result = run(connector, aJob("jamf", "fetch_assets").param("max_assets", 4));

        assertThat(result).containsEntry("count", 4L).containsEntry("truncated", true);
        assertThat((List<?>) result.get("assets")).hasSize(2);
        assertThat(computerPageRequests()).isEqualTo(2);
    }

    @Test
    void a_429_with_retry_after_mid_paging_asks_for_the_same_page_again_without_gaps_or_duplicates() {
        stub.oauth(TOKEN);
        stub.computers(TOKEN, 8, SIZE);
        service.stubFor(computersPage(TOKEN, 1, SIZE)
                .atPriority(1)
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("later")
                .willReturn(error(429, "TOO_MANY_REQUESTS", "Too many requests").withHeader("Retry-After", "1")));

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(computerPageRequests()).isEqualTo(4);
        service.verify(
                2, getRequestedFor(urlPathEqualTo(JamfConnector.COMPUTERS)).withQueryParam("page", equalTo("1")));
    }

    @Test
    void a_missing_privilege_fails_permanently_quoting_jamf_and_naming_the_privilege_to_grant() {
        stub.oauth(TOKEN);
        service.stubFor(
                JamfStub.mobileDevicesPage(TOKEN, 0, SIZE).willReturn(error(403, "INVALID_PRIVILEGE", "Forbidden")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_mobile_devices"));

        assertThat(failure.errorType()).isEqualTo("AccessDenied");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .startsWith("jamf: GET /api/v2/mobile-devices/detail answered 403: INVALID_PRIVILEGE: Forbidden;")
                .contains("Read Mobile Devices");
        assertThat(testbed.breaker("jamf").state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_jobs_fail_fast_without_reaching_jamf() {
        stub.oauth(TOKEN);
        service.stubFor(computersPage(TOKEN, 0, SIZE).willReturn(error(503, "SERVICE_UNAVAILABLE", "Unavailable")));
        JamfConnector connector = connector();

        ConnectorException first = catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
        ConnectorException later = first;
        for (int job = 0; job < 3 && !(later instanceof CircuitOpenException); job++) {
            later = catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
        }
        int requests = service.findAll(anyRequestedFor(anyUrl())).size();
        ConnectorException afterwards =
                catchThrowableOfType(ConnectorException.class, () -> run(connector, "test_connection"));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(later).isInstanceOf(CircuitOpenException.class);
        assertThat(((CircuitOpenException) afterwards).breaker()).isEqualTo("jamf");
        assertThat(testbed.breaker("jamf").state().name()).isEqualTo("OPEN");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).hasSize(requests);
    }

    @Test
    void malformed_pages_and_records_fail_permanently_naming_the_connector_and_the_field() {
        stub.oauth(TOKEN);
        service.stubFor(computersPage(TOKEN, 0, SIZE).willReturn(json(200, "{\"totalCount\":3,\"results\":{}}")));
        ConnectorException notAList =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        service.stubFor(computersPage(TOKEN, 0, SIZE)
                .willReturn(json(
                        200,
                        "{\"totalCount\":2,\"results\":[" + JamfStub.computer(1)
                                + ",{\"udid\":\"X\",\"general\":{\"name\":\"orphan\"}}]}")));
        ConnectorException noId =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        service.stubFor(computersPage(TOKEN, 0, SIZE)
                .willReturn(json(
                        200,
                        "{\"results\":[" + JamfStub.computer(1) + "," + JamfStub.computer(2) + ","
                                + JamfStub.computer(3) + "]}")));
        ConnectorException noTotal =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        assertThat(List.of(notAList, noId, noTotal))
                .allSatisfy(failure -> assertThat(failure.errorType()).isEqualTo("MalformedResponse"));
        assertThat(notAList.getMessage())
                .isEqualTo("jamf: GET /api/v1/computers-inventory answered with a malformed body: 'results' is not"
                        + " an array");
        assertThat(noId.getMessage()).startsWith("jamf: ").endsWith("page 1: results[1].id is missing");
        assertThat(noTotal.getMessage()).startsWith("jamf: ").endsWith("'totalCount' is missing");
    }

    @Test
    void redeploy_framework_queues_the_command_for_the_computer_and_returns_its_uuid() {
        stub.oauth(TOKEN);
        service.stubFor(JamfStub.authorized(post(urlPathEqualTo(FrameworkRedeploy.PATH + "42")), TOKEN)
                .willReturn(
                        json(200, "{\"deviceId\":\"42\",\"commandUuid\":\"8c2f5e1a-4b3d-4f6e-9a7b-1c2d3e4f5a6b\"}")));

        Map<String, Object> result =
                run(connector(), aJob("jamf", "redeploy_framework").param("computer_id", "42"));

        assertThat(result)
                .containsEntry("computer_id", "42")
                .containsEntry("command_uuid", "8c2f5e1a-4b3d-4f6e-9a7b-1c2d3e4f5a6b");
        service.verify(1, postRequestedFor(urlPathEqualTo(FrameworkRedeploy.PATH + "42")));
    }

    @Test
    void redeploy_framework_for_an_unknown_computer_or_a_bad_id_fails_permanently() {
        stub.oauth(TOKEN);
        service.stubFor(JamfStub.authorized(post(urlPathEqualTo(FrameworkRedeploy.PATH + "999")), TOKEN)
                .willReturn(error(404, "NOT_FOUND", "Computer not found")));

        ConnectorException unknown = catchThrowableOfType(
                ConnectorException.class,
                () -> run(connector(), aJob("jamf", "redeploy_framework").param("computer_id", "999")));
        ConnectorException bad = catchThrowableOfType(
                ConnectorException.class,
                () -> run(connector(), aJob("jamf", "redeploy_framework").param("computer_id", "../42")));

        assertThat(unknown.errorType()).isEqualTo("NotFound");
        assertThat(unknown.isRetryable()).isFalse();
        assertThat(unknown.getMessage())
                .isEqualTo("jamf: POST /api/v1/jamf-management-framework/redeploy/999 answered 404: NOT_FOUND:"
                        + " Computer not found");
        assertThat(bad.errorType()).isEqualTo("InvalidRequest");
        assertThat(bad.getMessage()).contains("computer_id");
        service.verify(1, postRequestedFor(anyUrl()).withUrl(FrameworkRedeploy.PATH + "999"));
    }

    @Test
    void the_page_cap_stops_the_read_and_says_so() {
        stub.oauth(TOKEN);
        stub.computers(TOKEN, 8, SIZE);

        Map<String, Object> result = run(connector("page-cap", "2"), "fetch_assets");

        assertThat(result).containsEntry("count", 6L).containsEntry("pages", 2).containsEntry("page_cap_reached", true);
    }

    @Test
    void without_a_url_or_with_half_a_credential_jobs_fail_as_not_configured_naming_the_property() {
        List<ConnectorException> failures = List.of(
                        connector("base-url", ""),
                        connector("auth.client-secret", ""),
                        connector("auth.client-id", "", "auth.client-secret", "", "auth.username", USERNAME))
                .stream()
                .map(connector -> catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets")))
                .toList();

        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
            assertThat(failure.isRetryable()).isFalse();
        });
        assertThat(failures.get(0).getMessage())
                .contains("jobs.connectors.jamf.base-url", "JOBS_CONNECTORS_JAMF_BASE_URL");
        assertThat(failures.get(1).getMessage()).contains("jobs.connectors.jamf.auth.client-secret");
        assertThat(failures.get(2).getMessage()).contains("jobs.connectors.jamf.auth.password");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
