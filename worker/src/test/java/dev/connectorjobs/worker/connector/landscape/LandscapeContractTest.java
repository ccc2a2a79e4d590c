package dev.connectorjobs.worker.connector.landscape;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.EMAIL;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.PASSWORD;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.json;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.jwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.EndpointManagementConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code landscape} connector's reads and logins against a stub that answers as Landscape's
 * REST API v2 does: JWT login, {@code next} paging, rate limits and failures.
 */
class LandscapeContractTest {

    static final int LIMIT = 3;

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    ConnectorTestbed testbed;
    LandscapeStub stub;
    String token;

    @BeforeEach
    void reset() {
        testbed = vendor.testbed();
        stub = new LandscapeStub(service);
        token = jwt("first", testbed.clock.instant().plus(Duration.ofHours(24)));
    }

    /**
     * The connector configured for the stub with its access key, plus {@code extra} properties (name,
     * value...; a null value unsets the property).
     */
    LandscapeConnector connector(String... extra) {
        Map<String, String> properties = ConnectorTestbed.with(
                stub.properties("jobs.connectors.landscape.page-size", Integer.toString(LIMIT)), extra);
        properties.values().removeIf(Objects::isNull); // a null value leaves the property unset
        return testbed.connector(
                LandscapeConnector::new, LandscapeProperties.PREFIX, LandscapeProperties.class, properties);
    }

    static FakeJobContext job(String operation) {
        return aJob("landscape", operation).param("publish", true);
    }

    static Map<String, Object> run(LandscapeConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    int pageRequests() {
        return service.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlPathEqualTo("/api/v2/computers")))
                .size();
    }

    @Test
    void it_declares_the_catalogue_entry_guarded_by_its_own_breaker() {
        assertThat(connector().descriptor()).isSameAs(EndpointManagementConnectors.LANDSCAPE);
        assertThat(EndpointManagementConnectors.LANDSCAPE.breaker()).contains("landscape");
        assertThat(EndpointManagementConnectors.LANDSCAPE.operationNames())
                .containsExactly("test_connection", "fetch_assets", "run_script");
    }

    @Test
    void test_connection_logs_in_with_the_access_key_and_reads_one_computer_with_the_jwt() {
        stub.login(token);
        service.stubFor(LandscapeStub.authorized(get(urlPathEqualTo("/api/v2/computers")), token)
                .withQueryParam("limit", equalTo("1"))
                .willReturn(json(
                        200,
                        "{\"count\":13,\"results\":[" + LandscapeStub.computer(1) + "],\"next\":\"" + service.baseUrl()
                                + "/api/v2/computers?limit=1&offset=1\",\"previous\":null}")));

        Map<String, Object> result = run(connector(), job("test_connection"));

        assertThat(result).containsEntry("ok", true).containsEntry("computers", 13L);
        service.verify(1, stub.loginRequests());
    }

    @Test
    void an_email_login_sends_email_password_and_account_to_the_login_endpoint() {
        service.stubFor(post(urlPathEqualTo("/api/v2/login"))
                .withRequestBody(equalToJson(
                        "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\",\"account\":\"onward\"}"))
                .willReturn(LandscapeStub.loginAnswer(token)));
        stub.computers(token, 2, LIMIT);

        Map<String, Object> result = run(
                connector(
                        "jobs.connectors.landscape.auth.access-key",
                        null,
                        "jobs.connectors.landscape.auth.secret-key",
                        null,
                        "jobs.connectors.landscape.auth.username",
                        EMAIL,
                        "jobs.connectors.landscape.auth.password",
                        PASSWORD,
                        "jobs.connectors.landscape.account",
                        "onward"),
                job("fetch_assets"));

        assertThat(result).containsEntry("count", 2L);
        service.verify(0, stub.loginRequests());
    }

    @Test
    void fetch_assets_follows_next_until_null_and_normalizes_every_computer_once() {
        stub.login(token);
        stub.computers(token, 8, LIMIT);

        Map<String, Object> result = run(connector(), job("fetch_assets"));

        assertThat(result)
                .containsEntry("count", 8L)
                .containsEntry("pages", 3)
                .containsEntry("page_cap_reached", false);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        NormalizedAsset first = testbed.published.getFirst();
        assertThat(first.source()).isEqualTo("landscape");
        assertThat(first.name()).isEqualTo("Application Server 1");
        assertThat(first.os()).isEqualTo("Ubuntu");
        assertThat(first.osVersion()).isEqualTo("22.04");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2024-02-07T21:21:41Z"));
        assertThat(first.ipAddresses()).containsExactly("10.0.0.1", "127.0.0.1");
        assertThat(first.attributes())
                .containsEntry("hostname", "appserv1")
                .containsEntry("tags", List.of("server", "webfarm"))
                .containsKey("network_devices");
        assertThat(pageRequests()).isEqualTo(3);
    }

    @Test
    void a_page_cap_stops_the_read_and_says_so() {
        stub.login(token);
        stub.computers(token, 8, LIMIT);

        Map<String, Object> result = run(connector("jobs.connectors.landscape.page-cap", "2"), job("fetch_assets"));

        assertThat(result).containsEntry("count", 6L).containsEntry("page_cap_reached", true);
    }

    @Test
    void a_jwt_that_expires_mid_run_is_renewed_with_one_login_before_the_next_page() {
        String second = jwt("second", testbed.clock.instant().plus(Duration.ofHours(48)));
        service.stubFor(stub.accessKeyLogin()
                .inScenario("login")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("logged in")
                .willReturn(LandscapeStub.loginAnswer(token)));
        service.stubFor(stub.accessKeyLogin()
                .inScenario("login")
                .whenScenarioStateIs("logged in")
                .willReturn(LandscapeStub.loginAnswer(second)));
        stub.computers(token, 8, LIMIT);
        stub.computers(second, 8, LIMIT);
        FakeJobContext job = job("fetch_assets");
        job.onProgress(count -> {
            if (count == LIMIT) {
                testbed.clock.advance(Duration.ofHours(24)); // the first token's exp has passed
            }
        });

        Map<String, Object> result = run(connector(), job);

        assertThat(result).containsEntry("count", 8L);
        service.verify(2, stub.loginRequests());
        service.verify(1, stub.computersPageRequest(token, 0));
        service.verify(1, stub.computersPageRequest(second, LIMIT));
        service.verify(1, stub.computersPageRequest(second, 2 * LIMIT));
    }

    @Test
    void a_401_for_a_token_revoked_early_logs_in_once_more_and_sends_the_page_again() {
        String second = jwt("second", testbed.clock.instant().plus(Duration.ofHours(48)));
        service.stubFor(stub.accessKeyLogin()
                .inScenario("login")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("logged in")
                .willReturn(LandscapeStub.loginAnswer(token)));
        service.stubFor(stub.accessKeyLogin()
                .inScenario("login")
                .whenScenarioStateIs("logged in")
                .willReturn(LandscapeStub.loginAnswer(second)));
        stub.computers(second, 5, LIMIT);
        service.stubFor(stub.computersPage(token, LIMIT, 0)
                .willReturn(json(401, "{\"error\":\"Unauthorized\",\"message\":\"Token has been invalidated\"}")));

        Map<String, Object> result = run(connector(), job("fetch_assets"));

        assertThat(result).containsEntry("count", 5L);
        service.verify(2, stub.loginRequests());
    }

    @Test
    void refused_credentials_fail_permanently_without_the_secret_and_are_no_breaker_failure() {
        service.stubFor(post(urlPathEqualTo("/api/v2/login/access-key"))
                .willReturn(json(401, "{\"error\":\"Unauthorized\",\"message\":\"Invalid credentials\"}")));
        LandscapeConnector connector = connector();

        for (int i = 0; i < 7; i++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, job("fetch_assets")));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .contains("Invalid credentials", "jobs.connectors.landscape.auth.access-key")
                    .doesNotContain(LandscapeStub.SECRET_KEY);
        }

        assertThat(pageRequests()).isZero();
        assertThat(testbed.breaker("landscape").state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_401_that_persists_after_a_fresh_login_fails_permanently() {
        stub.login(token);
        service.stubFor(stub.computersPage(token, LIMIT, 0).willReturn(json(401, "{\"error\":\"Unauthorized\"}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), job("fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.isRetryable()).isFalse();
        service.verify(2, stub.loginRequests());
        assertThat(testbed.breaker("landscape").state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_429_with_retry_after_mid_paging_asks_for_the_same_page_again_without_gaps_or_duplicates() {
        stub.login(token);
        stub.computers(token, 8, LIMIT);
        service.stubFor(stub.computersPage(token, LIMIT, LIMIT)
                .atPriority(1)
                .inScenario("rate limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("later")
                .willReturn(json(429, "{\"error\":\"TooManyRequests\",\"message\":\"Rate limit exceeded\"}")
                        .withHeader("Retry-After", "1")));

        Map<String, Object> result = run(connector(), job("fetch_assets"));

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(pageRequests()).isEqualTo(4);
    }

    @Test
    void a_5xx_storm_opens_the_landscape_breaker_and_later_jobs_fail_fast_without_reaching_landscape() {
        stub.login(token);
        service.stubFor(stub.computersPage(token, LIMIT, 0)
                .willReturn(json(503, "{\"error\":\"ServiceUnavailable\",\"message\":\"Try again later\"}")));
        LandscapeConnector connector = connector();

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
        assertThat(testbed.breaker("landscape").state().name()).isEqualTo("OPEN");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).hasSize(requests);
    }

    @Test
    void a_page_without_results_or_a_computer_without_an_id_fails_naming_connector_and_field() {
        stub.login(token);
        service.stubFor(stub.computersPage(token, LIMIT, 0).willReturn(json(200, "{\"count\":0,\"next\":null}")));
        ConnectorException noResults =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), job("fetch_assets")));

        service.stubFor(stub.computersPage(token, LIMIT, 0)
                .willReturn(json(
                        200,
                        "{\"count\":2,\"results\":[" + LandscapeStub.computer(1)
                                + ",{\"title\":\"no id\"}],\"next\":null}")));
        ConnectorException noId =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), job("fetch_assets")));

        service.stubFor(stub.accessKeyLogin().atPriority(1).willReturn(json(200, "{\"email\":\"" + EMAIL + "\"}")));
        ConnectorException noToken =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), job("fetch_assets")));

        assertThat(noResults.errorType()).isEqualTo("MalformedResponse");
        assertThat(noResults.isRetryable()).isFalse();
        assertThat(noResults.getMessage())
                .isEqualTo("landscape: GET /api/v2/computers answered with a malformed body: 'results' is missing");
        assertThat(noId.getMessage()).startsWith("landscape: ").endsWith("results[1].id is missing");
        assertThat(noToken.errorType()).isEqualTo("MalformedResponse");
        assertThat(noToken.getMessage()).contains("'token' is missing");
    }

    @Test
    void without_a_base_url_or_credentials_jobs_fail_as_not_configured_naming_the_property() {
        ConnectorException noUrl = catchThrowableOfType(
                ConnectorException.class,
                () -> run(connector("jobs.connectors.landscape.base-url", null), job("fetch_assets")));
        ConnectorException noKey = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        connector(
                                "jobs.connectors.landscape.auth.access-key", null,
                                "jobs.connectors.landscape.auth.secret-key", null),
                        job("run_script").param("script_id", 7).param("query", "tag:web")));

        assertThat(noUrl.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(noUrl.isRetryable()).isFalse();
        assertThat(noUrl.getMessage())
                .contains("jobs.connectors.landscape.base-url", "JOBS_CONNECTORS_LANDSCAPE_BASE_URL");
        assertThat(noKey.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(noKey.getMessage()).contains("jobs.connectors.landscape.auth.access-key", "auth.username");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void an_unknown_operation_fails_permanently_listing_the_operations() {
        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), job("reboot")));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.getMessage()).contains("fetch_assets", "run_script");
        assertThat(service.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }
}
