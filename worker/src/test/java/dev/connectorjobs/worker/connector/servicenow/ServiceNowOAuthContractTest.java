package dev.connectorjobs.worker.connector.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.worker.attempt.ConnectorException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAuth against a stub of {@code /oauth_token.do} that answers like an instance. */
class ServiceNowOAuthContractTest {

    static final String TOKEN_PATH = "/oauth_token.do";
    static final String PROBE_PATH = "/api/now/table/cmdb_ci";
    static final String ONE_CI = "{\"result\":[{\"sys_id\":\"00a5d1c8db4c2300e3e4f1c41d9619f0\"}]}";

    static WireMockServer instance;

    private Testbed testbed;

    @BeforeAll
    static void startInstance() {
        instance = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        instance.start();
    }

    @AfterAll
    static void stopInstance() {
        instance.stop();
    }

    @BeforeEach
    void reset() {
        instance.resetAll();
        testbed = new Testbed();
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    /** The instance's answer to a token request: an access token, a refresh token, 30 minutes of life. */
    private static String token(String access) {
        return "{\"access_token\":\"" + access + "\",\"refresh_token\":\"refresh-" + access
                + "\",\"scope\":\"useraccount\",\"token_type\":\"Bearer\",\"expires_in\":1799}";
    }

    private static void grants(String grantType, String access) {
        instance.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=" + grantType))
                .willReturn(okJson(token(access))));
    }

    private static void accepts(String access) {
        instance.stubFor(get(urlPathEqualTo(PROBE_PATH))
                .withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(okJson(ONE_CI).withHeader("X-Total-Count", "1")));
    }

    private static void rejects(String access) {
        instance.stubFor(get(urlPathEqualTo(PROBE_PATH))
                .withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"User Not Authenticated\",\"detail\":\"Required to"
                                + " provide Auth information\"},\"status\":\"failure\"}")));
    }

    private static List<LoggedRequest> tokenRequests() {
        return instance.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    private static List<LoggedRequest> probes() {
        return instance.findAll(getRequestedFor(urlPathEqualTo(PROBE_PATH)));
    }

    @Test
    void a_token_is_fetched_once_with_the_password_grant_and_reused_by_later_jobs() {
        grants("password", "tok-1");
        accepts("tok-1");
        ServiceNowConnector connector = testbed.oauth(instance.baseUrl());

        Object first = connector.execute(aJob("servicenow", "test_connection"));
        connector.execute(aJob("servicenow", "test_connection"));

        assertThat(first)
                .isEqualTo(Map.of(
                        "ok",
                        true,
                        "instance",
                        instance.baseUrl(),
                        "auth",
                        "oauth",
                        "records_read",
                        1,
                        "cmdb_ci_count",
                        1L));
        assertThat(tokenRequests())
                .singleElement()
                .satisfies(request -> assertThat(request.getBodyAsString())
                        .contains("grant_type=password")
                        .contains("username=integration.user")
                        .contains("client_id=" + Testbed.CLIENT_ID)
                        .contains("client_secret=" + Testbed.CLIENT_SECRET));
        assertThat(probes()).hasSize(2);
    }

    @Test
    void a_token_near_its_expiry_is_renewed_with_the_refresh_token() {
        grants("password", "tok-1");
        grants("refresh_token", "tok-2");
        accepts("tok-1");
        accepts("tok-2");
        ServiceNowConnector connector = testbed.oauth(instance.baseUrl());
        connector.execute(aJob("servicenow", "test_connection"));

        testbed.clock.advance(Duration.ofSeconds(1799 - 59));
        connector.execute(aJob("servicenow", "test_connection"));

        assertThat(tokenRequests()).hasSize(2);
        assertThat(tokenRequests().get(1).getBodyAsString())
                .contains("grant_type=refresh_token")
                .contains("refresh_token=refresh-tok-1")
                .doesNotContain("password=");
        assertThat(probes())
                .extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void a_token_that_is_still_fresh_is_not_renewed() {
        grants("password", "tok-1");
        accepts("tok-1");
        ServiceNowConnector connector = testbed.oauth(instance.baseUrl());
        connector.execute(aJob("servicenow", "test_connection"));

        testbed.clock.advance(Duration.ofSeconds(1799 - 61));
        connector.execute(aJob("servicenow", "test_connection"));

        assertThat(tokenRequests()).hasSize(1);
    }

    @Test
    void a_401_renews_the_token_once_and_the_request_is_sent_again() {
        grants("password", "tok-1");
        grants("refresh_token", "tok-2");
        rejects("tok-1");
        accepts("tok-2");

        Object result = testbed.oauth(instance.baseUrl()).execute(aJob("servicenow", "test_connection"));

        assertThat(result).asInstanceOf(MAP).containsEntry("ok", true);
        assertThat(probes())
                .extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-2");
        assertThat(testbed.breaker().state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_second_401_after_renewal_fails_permanently_without_further_renewals() {
        grants("password", "tok-1");
        grants("refresh_token", "tok-2");
        rejects("tok-1");
        rejects("tok-2");

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> testbed.oauth(instance.baseUrl()).execute(aJob("servicenow", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(probes()).hasSize(2);
        assertThat(tokenRequests()).hasSize(2);
        assertThat(failure.getMessage()).doesNotContain("tok-2").doesNotContain(Testbed.CLIENT_SECRET);
    }

    @Test
    void a_refused_refresh_token_falls_back_to_the_configured_grant() {
        instance.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=password"))
                .inScenario("tokens")
                .whenScenarioStateIs(STARTED)
                .willReturn(okJson(token("tok-1")))
                .willSetStateTo("issued"));
        instance.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=password"))
                .inScenario("tokens")
                .whenScenarioStateIs("issued")
                .willReturn(okJson(token("tok-3"))));
        instance.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error_description\":\"access_denied\",\"error\":\"server_error\"}")));
        rejects("tok-1");
        accepts("tok-3");

        testbed.oauth(instance.baseUrl()).execute(aJob("servicenow", "test_connection"));

        assertThat(tokenRequests())
                .extracting(r -> r.getBodyAsString().replaceAll("&.*", ""))
                .containsExactly("grant_type=password", "grant_type=refresh_token", "grant_type=password");
    }

    @Test
    void credentials_the_token_endpoint_refuses_fail_the_job_permanently_without_calling_the_api() {
        instance.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody("{\"error_description\":\"access_denied\",\"error\":\"server_error\"}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> testbed.oauth(instance.baseUrl()).execute(aJob("servicenow", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .startsWith("servicenow: the token endpoint localhost POST /oauth_token.do refused the credentials"
                        + " (401: server_error: access_denied)")
                .contains("jobs.connectors.servicenow.auth.client-id")
                .doesNotContain(Testbed.CLIENT_SECRET)
                .doesNotContain(Testbed.PASSWORD);
        assertThat(instance.findAll(anyRequestedFor(urlPathEqualTo(PROBE_PATH))))
                .isEmpty();
    }

    @Test
    void without_a_username_the_client_credentials_grant_is_used() {
        grants("client_credentials", "tok-cc");
        accepts("tok-cc");
        Map<String, String> properties = Map.of(
                "jobs.connectors.servicenow.base-url", instance.baseUrl(),
                "jobs.connectors.servicenow.auth.client-id", Testbed.CLIENT_ID,
                "jobs.connectors.servicenow.auth.client-secret", Testbed.CLIENT_SECRET);

        testbed.connector(properties).execute(aJob("servicenow", "test_connection"));

        assertThat(tokenRequests())
                .singleElement()
                .satisfies(request -> assertThat(request.getBodyAsString())
                        .contains("grant_type=client_credentials")
                        .doesNotContain("username="));
    }

    @Test
    void a_token_endpoint_in_trouble_is_a_retryable_failure() {
        instance.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(503)));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> testbed.oauth(instance.baseUrl()).execute(aJob("servicenow", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("HttpServerError");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(tokenRequests())
                .as("a POST is never retried inside the client")
                .hasSize(1);
    }

    @Test
    void a_token_answer_without_access_token_is_malformed() {
        instance.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("{\"token_type\":\"Bearer\"}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> testbed.oauth(instance.baseUrl()).execute(aJob("servicenow", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage())
                .isEqualTo("servicenow: POST /oauth_token.do answered with a malformed body: token response field"
                        + " 'access_token' is missing");
    }
}
