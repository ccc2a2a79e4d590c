package dev.connectorjobs.worker.connector.abm;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.abm.AppleStub.CLIENT_ID;
import static dev.connectorjobs.worker.connector.abm.AppleStub.KEY_ID;
import static dev.connectorjobs.worker.connector.abm.AppleStub.SECOND_TOKEN;
import static dev.connectorjobs.worker.connector.abm.AppleStub.TOKEN;
import static dev.connectorjobs.worker.connector.abm.AppleStub.cursor;
import static dev.connectorjobs.worker.connector.abm.AppleStub.error;
import static dev.connectorjobs.worker.connector.abm.AppleStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.TestKeys;
import dev.connectorjobs.worker.connector.TestKeys.AppleKey;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code abm} connector against a stub that answers as Apple's token endpoint and the Apple
 * Business Manager API do: the client assertion grant, cursor paging, rate limits and failures.
 */
class AbmContractTest {

    static final int LIMIT = 3;

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    @TempDir
    static Path keys;

    static AppleKey key;

    ConnectorTestbed testbed;
    AppleStub stub;

    @BeforeAll
    static void start() {
        key = TestKeys.appleKey(keys);
    }

    @BeforeEach
    void reset() {
        testbed = vendor.testbed();
        stub = new AppleStub(service, key);
    }

    /** The connector configured for the stub, plus {@code extra} properties (name, value...). */
    AbmConnector connector(String... extra) {
        Map<String, String> properties = ConnectorTestbed.with(
                Map.of(),
                "jobs.connectors.abm.base-url",
                service.baseUrl() + "/v1",
                "jobs.connectors.abm.auth.token-url",
                service.baseUrl() + "/auth/oauth2/token",
                "jobs.connectors.abm.auth.client-id",
                CLIENT_ID,
                "jobs.connectors.abm.auth.key-id",
                KEY_ID,
                "jobs.connectors.abm.auth.private-key-file",
                key.file().toString(),
                "jobs.connectors.abm.page-size",
                Integer.toString(LIMIT));
        return testbed.connector(
                AbmConnector::new,
                "jobs.connectors.abm",
                AbmProperties.class,
                ConnectorTestbed.with(properties, extra));
    }

    static FakeJobContext job(String operation) {
        return aJob("abm", operation).param("publish", true);
    }

    static Map<String, Object> run(AbmConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    int devicePageRequests() {
        return service.findAll(getRequestedFor(urlPathEqualTo("/v1/orgDevices")))
                .size();
    }

    @Test
    void test_connection_grants_a_token_for_a_signed_client_assertion_and_reads_one_device_management_service() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.authorized(get(urlPathEqualTo("/v1/mdmServers")), TOKEN)
                .withQueryParam("limit", equalTo("1"))
                .willReturn(json(
                        200,
                        "{\"data\":[{\"type\":\"mdmServers\",\"id\":\"1F97349736CF4614A94F624E705841AD\","
                                + "\"attributes\":{\"serverName\":\"Jamf Pro\",\"serverType\":\"MDM\"}}],"
                                + "\"links\":{\"self\":\"https://api-business.apple.com/v1/mdmServers\"},"
                                + "\"meta\":{\"paging\":{\"total\":2,\"limit\":1}}}")));

        Map<String, Object> result = run(connector(), job("test_connection"));

        assertThat(result).containsEntry("ok", true).containsEntry("mdm_servers", 2L);
        Map<String, Object> claims = stub.assertionClaims().getFirst();
        assertThat(claims)
                .containsEntry("sub", CLIENT_ID)
                .containsEntry("iss", CLIENT_ID)
                .containsEntry("aud", "https://account.apple.com/auth/oauth2/v2/token")
                .containsKey("jti");
    }

    @Test
    void fetch_assets_follows_the_cursors_and_normalizes_every_device_once() {
        stub.tokenEndpoint(TOKEN);
        stub.devices(TOKEN, 8, LIMIT);

        Map<String, Object> result = run(connector(), job("fetch_assets"));

        assertThat(result)
                .containsEntry("count", 8L)
                .containsEntry("pages", 3)
                .containsEntry("page_cap_reached", false);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        NormalizedAsset first = testbed.published.getFirst();
        assertThat(first.source()).isEqualTo("abm");
        assertThat(first.sourceId()).isEqualTo("C02X00001JG5H");
        assertThat(first.serialNumber()).isEqualTo("C02X00001JG5H");
        assertThat(first.name()).isEqualTo("MacBook Pro (14-inch, 2024)");
        assertThat(first.os()).isEqualTo("macOS");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-11-20T15:33:54.164Z"));
        assertThat(first.attributes())
                .containsEntry("status", "ASSIGNED")
                .containsEntry("productFamily", "Mac")
                .containsEntry("imei", List.of())
                .doesNotContainKey("releasedFromOrgDateTime");
        assertThat(stub.tokenRequests()).hasSize(1);
    }

    @Test
    void a_page_that_gives_only_links_next_is_continued_by_following_the_link() {
        stub.tokenEndpoint(TOKEN);
        stub.devices(TOKEN, 5, LIMIT);
        String base = service.baseUrl() + "/v1/orgDevices";
        service.stubFor(stub.devicesPage(TOKEN, LIMIT, null)
                .atPriority(1)
                .willReturn(json(
                        200,
                        "{\"data\":[" + AppleStub.device(1) + "," + AppleStub.device(2) + "," + AppleStub.device(3)
                                + "],\"links\":{\"self\":\"" + base + "\",\"next\":\"" + base + "?cursor="
                                + cursor(1) + "&limit=" + LIMIT + "\"},\"meta\":{\"paging\":{\"limit\":3}}}")));

        Map<String, Object> result = run(connector(), job("fetch_assets"));

        assertThat(result).containsEntry("count", 5L).containsEntry("pages", 2);
    }

    @Test
    void a_429_with_retry_after_mid_paging_asks_for_the_same_page_again_without_gaps_or_duplicates() {
        stub.tokenEndpoint(TOKEN);
        stub.devices(TOKEN, 8, LIMIT);
        service.stubFor(stub.devicesPage(TOKEN, LIMIT, cursor(2))
                .atPriority(1)
                .inScenario("rate limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("later")
                .willReturn(error(
                                429,
                                "RATE_LIMIT_EXCEEDED",
                                "The request rate limit has been reached.",
                                "We've received too many requests for this API. Please wait and try again.")
                        .withHeader("Retry-After", "1")));

        Map<String, Object> result = run(connector(), job("fetch_assets"));

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(devicePageRequests()).isEqualTo(4);
    }

    @Test
    void a_token_that_expires_mid_run_is_renewed_once_before_the_next_page() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.tokenRequest()
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("issued")
                .willReturn(AppleStub.tokenAnswer(TOKEN)));
        service.stubFor(stub.tokenRequest()
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs("issued")
                .willReturn(AppleStub.tokenAnswer(SECOND_TOKEN)));
        stub.devices(TOKEN, 8, LIMIT);
        stub.devices(SECOND_TOKEN, 8, LIMIT);
        FakeJobContext job = job("fetch_assets");
        job.onProgress(count -> {
            if (count == LIMIT) {
                testbed.clock.advance(Duration.ofMinutes(59).plusSeconds(1)); // past the renewal of an hour's token
            }
        });

        Map<String, Object> result = run(connector(), job);

        assertThat(result).containsEntry("count", 8L);
        assertThat(stub.tokenRequests()).hasSize(2);
        service.verify(1, stub.devicesPageRequest(TOKEN));
        service.verify(2, stub.devicesPageRequest(SECOND_TOKEN));
        List<Map<String, Object>> claims = stub.assertionClaims();
        assertThat(claims.get(1).get("jti")).isNotEqualTo(claims.get(0).get("jti"));
    }

    @Test
    void a_401_from_the_token_endpoint_fails_permanently_and_is_no_breaker_failure() {
        service.stubFor(
                post(urlPathEqualTo("/auth/oauth2/token")).willReturn(json(401, "{\"error\":\"invalid_client\"}")));
        AbmConnector connector = connector();

        for (int i = 0; i < 7; i++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, job("fetch_assets")));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage()).contains("invalid_client").contains("jobs.connectors.abm.auth.client-id");
        }

        assertThat(devicePageRequests()).isZero();
        assertThat(testbed.breaker("abm").state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_jobs_fail_fast_without_reaching_apple() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.devicesPage(TOKEN, LIMIT, null)
                .willReturn(error(503, "SERVICE_UNAVAILABLE", "Service Unavailable", "Try again later.")));
        AbmConnector connector = connector();

        ConnectorException first =
                catchThrowableOfType(ConnectorException.class, () -> run(connector, job("fetch_assets")));
        ConnectorException later = first;
        for (int attempt = 0; attempt < 3 && !(later instanceof CircuitOpenException); attempt++) {
            later = catchThrowableOfType(ConnectorException.class, () -> run(connector, job("fetch_assets")));
        }
        int requests = service.findAll(anyRequestedFor(anyUrl())).size();
        ConnectorException afterwards =
                catchThrowableOfType(ConnectorException.class, () -> run(connector, job("test_connection")));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(later).isInstanceOf(CircuitOpenException.class);
        assertThat(afterwards).isInstanceOf(CircuitOpenException.class);
        assertThat(testbed.breaker("abm").state().name()).isEqualTo("OPEN");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).hasSize(requests);
    }

    @Test
    void a_page_without_data_or_a_device_without_attributes_fails_naming_connector_and_field() {
        stub.tokenEndpoint(TOKEN);
        service.stubFor(stub.devicesPage(TOKEN, LIMIT, null).willReturn(json(200, "{\"links\":{},\"meta\":{}}")));
        ConnectorException noData =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), job("fetch_assets")));

        service.stubFor(stub.devicesPage(TOKEN, LIMIT, null)
                .willReturn(
                        json(200, "{\"data\":[" + AppleStub.device(1) + ",{\"type\":\"orgDevices\",\"id\":\"X\"}]}")));
        ConnectorException noAttributes =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), job("fetch_assets")));

        assertThat(noData.errorType()).isEqualTo("MalformedResponse");
        assertThat(noData.getMessage())
                .isEqualTo("abm: GET /v1/orgDevices answered with a malformed body: 'data' is missing");
        assertThat(noAttributes.getMessage()).startsWith("abm: ").endsWith("data[1].attributes is missing");
    }

    @Test
    void without_an_api_account_or_a_readable_p256_key_jobs_fail_as_not_configured_naming_the_property() {
        Path missing = keys.resolve("absent.pem");

        List<ConnectorException> failures = List.of(
                        connector("jobs.connectors.abm.auth.client-id", ""),
                        connector("jobs.connectors.abm.auth.key-id", " "),
                        connector("jobs.connectors.abm.auth.private-key-file", missing.toString()))
                .stream()
                .map(connector ->
                        catchThrowableOfType(ConnectorException.class, () -> run(connector, job("fetch_assets"))))
                .toList();

        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
            assertThat(failure.isRetryable()).isFalse();
        });
        assertThat(failures.get(0).getMessage()).contains("jobs.connectors.abm.auth.client-id");
        assertThat(failures.get(1).getMessage()).contains("jobs.connectors.abm.auth.key-id");
        assertThat(failures.get(2).getMessage())
                .contains("jobs.connectors.abm.auth.private-key-file: " + missing + " does not exist")
                .contains("JOBS_CONNECTORS_ABM_AUTH_PRIVATE_KEY_FILE");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
