package dev.connectorjobs.worker.connector.androidenterprise;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.ENTERPRISE;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.SECOND_TOKEN;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.TOKEN;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.error;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.json;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.pageToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.TestKeys;
import dev.connectorjobs.worker.connector.TestKeys.ServiceAccount;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code android_enterprise} connector against a stub that answers as Google's token endpoint
 * and the Android Management API do: test_connection and fetch_assets, with the token grant,
 * paging, throttling and the failures that matter.
 */
class AndroidEnterpriseContractTest {

    static final int SIZE = 3;
    static final String EMAIL = "mdm-sync@acme-mdm.iam.gserviceaccount.com";

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    @TempDir
    static Path keys;

    static ServiceAccount account;

    ConnectorTestbed testbed;
    GoogleStub stub;

    @BeforeAll
    static void start() {
        account = TestKeys.googleServiceAccount(keys, EMAIL);
    }

    @BeforeEach
    void reset() {
        testbed = vendor.testbed();
        stub = new GoogleStub(service, account);
    }

    /** The connector configured for the stub, plus {@code extra} properties (name, value...). */
    AndroidEnterpriseConnector connector(String... extra) {
        Map<String, String> properties = ConnectorTestbed.with(
                GoogleStub.properties(service, account),
                "jobs.connectors.android-enterprise.page-size",
                Integer.toString(SIZE));
        return testbed.connector(
                AndroidEnterpriseConnector::new,
                GoogleStub.PREFIX,
                AndroidEnterpriseProperties.class,
                ConnectorTestbed.with(properties, extra));
    }

    static Map<String, Object> run(AndroidEnterpriseConnector connector, String operation) {
        return ConnectorTestbed.run(
                connector, aJob("android_enterprise", operation).param("publish", true));
    }

    int devicePageRequests() {
        return service.findAll(getRequestedFor(urlPathEqualTo("/v1/enterprises/" + ENTERPRISE + "/devices")))
                .size();
    }

    @Test
    void test_connection_grants_a_token_for_an_assertion_signed_by_the_service_account_and_reads_the_enterprise() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.authorized(get(urlPathEqualTo("/v1/enterprises/" + ENTERPRISE)), TOKEN)
                .willReturn(json(
                        200,
                        "{\"name\":\"enterprises/" + ENTERPRISE + "\",\"enterpriseDisplayName\":\"Acme\","
                                + "\"pubsubTopic\":\"\",\"enabledNotificationTypes\":[]}")));

        Map<String, Object> result = run(connector(), "test_connection");

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("enterprise", "enterprises/" + ENTERPRISE)
                .containsEntry("display_name", "Acme");
        Map<String, Object> claims = stub.assertionClaims().getFirst();
        assertThat(claims)
                .containsEntry("iss", EMAIL)
                .containsEntry("scope", "https://www.googleapis.com/auth/androidmanagement")
                .containsEntry("aud", "https://oauth2.googleapis.com/token");
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
                .isEqualTo(3600);
    }

    @Test
    void fetch_assets_follows_the_opaque_page_tokens_and_normalizes_every_device_once() {
        stub.tokenEndpoint(TOKEN);
        stub.devices(TOKEN, 8, SIZE);

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result)
                .containsEntry("count", 8L)
                .containsEntry("pages", 3)
                .containsEntry("page_cap_reached", false);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        NormalizedAsset first = testbed.published.getFirst();
        assertThat(first.source()).isEqualTo("android_enterprise");
        assertThat(first.sourceId()).isEqualTo("3a9f0001");
        assertThat(first.serialNumber()).isEqualTo("SN-AE-00001");
        assertThat(first.os()).isEqualTo("Android");
        assertThat(first.osVersion()).isEqualTo("14");
        assertThat(first.name()).isEqualTo("Pixel 7");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-12-02T18:40:03.417123Z"));
        assertThat(first.attributes())
                .containsEntry("state", "ACTIVE")
                .containsEntry("managementMode", "DEVICE_OWNER")
                .containsEntry("name", "enterprises/" + ENTERPRISE + "/devices/3a9f0001");
        assertThat(stub.tokenRequests()).hasSize(1);
    }

    @Test
    void an_enterprise_without_devices_answers_an_empty_object_which_is_an_empty_inventory() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.devicesPage(TOKEN, SIZE, null).willReturn(json(200, "{}")));

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 0L).containsEntry("pages", 1);
    }

    @Test
    void a_429_with_retry_after_mid_paging_asks_for_the_same_page_again_without_gaps_or_duplicates() {
        stub.tokenEndpoint(TOKEN);
        stub.devices(TOKEN, 8, SIZE);
        service.stubFor(stub.devicesPage(TOKEN, SIZE, pageToken(1))
                .atPriority(1)
                .inScenario("quota")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("next minute")
                .willReturn(error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries'")
                        .withHeader("Retry-After", "1")));

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(devicePageRequests()).isEqualTo(4);
    }

    @Test
    void a_token_that_expires_mid_run_is_renewed_once_and_the_page_asked_for_again() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.tokenRequest()
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs("expired")
                .willReturn(GoogleStub.tokenAnswer(SECOND_TOKEN)));
        stub.devices(TOKEN, 8, SIZE);
        stub.devices(SECOND_TOKEN, 8, SIZE);
        service.stubFor(stub.devicesPage(TOKEN, SIZE, pageToken(1))
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("expired")
                .willReturn(error(
                        401,
                        "UNAUTHENTICATED",
                        "Request had invalid authentication credentials. Expected OAuth 2 access token")));

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(stub.tokenRequests()).hasSize(2);
    }

    @Test
    void a_401_from_the_token_endpoint_fails_permanently_and_is_no_breaker_failure() {
        service.stubFor(post(urlPathEqualTo("/token"))
                .willReturn(json(
                        401,
                        "{\"error\":\"unauthorized_client\",\"error_description\":\"Client is unauthorized to"
                                + " retrieve access tokens using this method.\"}")));
        AndroidEnterpriseConnector connector = connector();

        for (int i = 0; i < 7; i++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .contains("unauthorized_client")
                    .contains("jobs.connectors.android-enterprise.auth.private-key-file");
        }

        assertThat(devicePageRequests()).isZero();
        assertThat(testbed.breaker("android_enterprise").state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_jobs_fail_fast_without_reaching_google() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.devicesPage(TOKEN, SIZE, null)
                .willReturn(error(503, "UNAVAILABLE", "The service is currently unavailable.")));
        AndroidEnterpriseConnector connector = connector();

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
        assertThat(afterwards).isInstanceOf(CircuitOpenException.class);
        assertThat(((CircuitOpenException) afterwards).breaker()).isEqualTo("android_enterprise");
        assertThat(testbed.breaker("android_enterprise").state().name()).isEqualTo("OPEN");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).hasSize(requests);
    }

    @Test
    void a_page_whose_devices_are_not_a_list_or_a_device_without_a_name_fails_naming_connector_and_field() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.devicesPage(TOKEN, SIZE, null).willReturn(json(200, "{\"devices\":{}}")));

        ConnectorException notAList =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        service.stubFor(stub.devicesPage(TOKEN, SIZE, null)
                .willReturn(json(200, "{\"devices\":[" + GoogleStub.device(1) + ",{\"state\":\"ACTIVE\"}]}")));
        ConnectorException nameless =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), "fetch_assets"));

        assertThat(notAList.errorType()).isEqualTo("MalformedResponse");
        assertThat(notAList.getMessage())
                .isEqualTo("android_enterprise: GET /v1/enterprises/" + ENTERPRISE
                        + "/devices answered with a malformed body: 'devices' is not an array");
        assertThat(nameless.getMessage()).startsWith("android_enterprise: ").endsWith("devices[1].name is missing");
    }

    @Test
    void the_page_cap_stops_the_read_and_says_so() {
        stub.tokenEndpoint(TOKEN);
        stub.devices(TOKEN, 8, SIZE);

        Map<String, Object> result = run(connector("jobs.connectors.android-enterprise.page-cap", "2"), "fetch_assets");

        assertThat(result).containsEntry("count", 6L).containsEntry("pages", 2).containsEntry("page_cap_reached", true);
    }

    @Test
    void without_an_enterprise_or_a_readable_key_file_jobs_fail_as_not_configured_naming_the_property() {
        Path missing = keys.resolve("absent.json");

        List<ConnectorException> failures = List.of(
                        connector("jobs.connectors.android-enterprise.enterprise-id", ""),
                        connector("jobs.connectors.android-enterprise.auth.private-key-file", missing.toString()))
                .stream()
                .map(connector -> catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets")))
                .toList();

        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
            assertThat(failure.isRetryable()).isFalse();
        });
        assertThat(failures.get(0).getMessage()).contains("jobs.connectors.android-enterprise.enterprise-id");
        assertThat(failures.get(1).getMessage())
                .contains("jobs.connectors.android-enterprise.auth.private-key-file: " + missing + " does not exist")
                .contains("JOBS_CONNECTORS_ANDROID_ENTERPRISE_AUTH_PRIVATE_KEY_FILE");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
