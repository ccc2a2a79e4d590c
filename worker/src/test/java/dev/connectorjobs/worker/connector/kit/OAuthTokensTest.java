package dev.connectorjobs.worker.connector.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OAuthTokens} against a stubbed Microsoft identity platform token endpoint ({@code POST
 * /<tenant>/oauth2/v2.0/token}, client credentials): one token shared by every job, renewed before
 * it expires, a refusal reported without the secret.
 */
class OAuthTokensTest {

    static final String TOKEN_PATH = "/contoso.onmicrosoft.com/oauth2/v2.0/token";
    static final String CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
    static final String SECRET = "qWe8Q~s3cr3t-value-never-shown";

    static WireMockServer login;

    private final ConnectorTestbed testbed = new ConnectorTestbed();

    @BeforeAll
    static void startLogin() {
        login = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        login.start();
    }

    @AfterAll
    static void stopLogin() {
        login.stop();
    }

    @BeforeEach
    void resetLogin() {
        login.resetAll();
    }

    @AfterEach
    void closeTestbed() {
        testbed.close();
    }

    private OAuthTokens tokens() {
        return new OAuthTokens(
                "intune",
                URI.create("http://127.0.0.1:" + login.port() + TOKEN_PATH),
                TokenGrant.clientSecret(CLIENT_ID, SECRET, "https://graph.microsoft.com/.default"),
                testbed.clients().forService("intune"),
                testbed.mapper,
                testbed.clock,
                "check jobs.connectors.intune.auth.tenant-id, .client-id and .client-secret");
    }

    private static String issued(String token) {
        return "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + token
                + "\"}";
    }

    /** Issues {@code first}, then {@code second} for every later request. */
    private static void issues(String first, String second) {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .inScenario("tokens")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("issued")
                .willReturn(okJson(issued(first))));
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .inScenario("tokens")
                .whenScenarioStateIs("issued")
                .willReturn(okJson(issued(second))));
    }

    private static int tokenRequests() {
        return login.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size();
    }

    @Test
    void the_client_credentials_are_posted_as_a_form_and_the_token_sent_as_bearer() {
        issues("token-1", "token-2");

        assertThat(tokens().headers(aJob("intune", "fetch_assets"))).containsEntry("Authorization", "Bearer token-1");

        login.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=" + CLIENT_ID))
                .withRequestBody(containing("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default")));
    }

    @Test
    void one_token_serves_every_job_until_shortly_before_it_expires() {
        issues("token-1", "token-2");
        OAuthTokens tokens = tokens();

        String first = tokens.token(aJob("intune", "fetch_assets"));
        testbed.clock.advance(
                Duration.ofSeconds(3599).minus(OAuthTokens.RENEWAL_MARGIN).minusSeconds(1));
        String second = tokens.token(aJob("intune", "test_connection"));

        assertThat(first).isEqualTo("token-1");
        assertThat(second).isEqualTo("token-1");
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void a_token_is_renewed_once_it_is_within_the_renewal_margin_of_its_expiry() {
        issues("token-1", "token-2");
        OAuthTokens tokens = tokens();

        tokens.token(aJob("intune", "fetch_assets"));
        testbed.clock.advance(Duration.ofSeconds(3599).minus(OAuthTokens.RENEWAL_MARGIN));
        String renewed = tokens.token(aJob("intune", "fetch_assets"));

        assertThat(renewed).isEqualTo("token-2");
        assertThat(tokenRequests()).isEqualTo(2);
        assertThat(tokens.secrets()).contains(SECRET, "token-2");
    }

    @Test
    void a_refused_client_fails_permanently_with_the_endpoints_error_and_without_the_secret() {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                                + " secret provided ('" + SECRET + "'). Ensure the secret being sent in the request is"
                                + " the client secret value.\",\"error_codes\":[7000215]}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> tokens().token(aJob("intune", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.httpStatus()).contains(400);
        assertThat(failure.getMessage())
                .startsWith("intune: the token endpoint 127.0.0.1 POST " + TOKEN_PATH)
                .contains("invalid_client", "AADSTS7000215", Masking.MASK, "jobs.connectors.intune.auth.tenant-id")
                .doesNotContain(SECRET);
        assertThat(Breakers.failureCount(testbed.breaker("intune"))).isZero();
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void a_token_response_without_an_access_token_is_malformed() {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("{\"token_type\":\"Bearer\"}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> tokens().token(aJob("intune", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("intune", "'access_token' is missing");
    }

    @Test
    void a_password_grant_renews_with_the_refresh_token_and_falls_back_to_the_password_when_it_is_refused() {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=password"))
                .willReturn(
                        okJson("{\"access_token\":\"tok-1\",\"refresh_token\":\"refresh-1\",\"expires_in\":1799}")));
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=refresh_token"))
                .inScenario("refresh")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("revoked")
                .willReturn(
                        okJson("{\"access_token\":\"tok-2\",\"refresh_token\":\"refresh-2\",\"expires_in\":1799}")));
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=refresh_token"))
                .inScenario("refresh")
                .whenScenarioStateIs("revoked")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\"}")));
        OAuthTokens tokens = new OAuthTokens(
                "servicenow",
                URI.create("http://127.0.0.1:" + login.port() + TOKEN_PATH),
                TokenGrant.password(CLIENT_ID, SECRET, "integration.user", "pa55-w0rd"),
                testbed.clients().forService("servicenow"),
                testbed.mapper,
                testbed.clock,
                "check jobs.connectors.servicenow.auth.*");

        String first = tokens.token(aJob("servicenow", "fetch_assets"));
        testbed.clock.advance(Duration.ofSeconds(1799));
        String refreshed = tokens.token(aJob("servicenow", "fetch_assets"));
        testbed.clock.advance(Duration.ofSeconds(1799));
        String again = tokens.token(aJob("servicenow", "fetch_assets"));

        assertThat(List.of(first, refreshed, again)).containsExactly("tok-1", "tok-2", "tok-1");
        assertThat(login.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))))
                .extracting(request -> request.getBodyAsString().replaceAll("&.*", ""))
                .containsExactly(
                        "grant_type=password",
                        "grant_type=refresh_token",
                        "grant_type=refresh_token",
                        "grant_type=password");
        assertThat(login.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)))
                        .get(1)
                        .getBodyAsString())
                .contains("refresh_token=refresh-1", "client_id=" + CLIENT_ID)
                .doesNotContain("password=");
        assertThat(tokens.secrets()).contains(SECRET, "pa55-w0rd", "tok-1");
    }

    @Test
    void a_client_secret_grant_without_a_scope_sends_none() {
        issues("token-1", "token-2");
        OAuthTokens tokens = new OAuthTokens(
                "servicenow",
                URI.create("http://127.0.0.1:" + login.port() + TOKEN_PATH),
                TokenGrant.clientSecret(CLIENT_ID, SECRET, ""),
                testbed.clients().forService("servicenow"),
                testbed.mapper,
                testbed.clock,
                "check jobs.connectors.servicenow.auth.*");

        tokens.token(aJob("servicenow", "test_connection"));

        assertThat(login.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)))
                        .getFirst()
                        .getBodyAsString())
                .startsWith("grant_type=client_credentials")
                .doesNotContain("scope");
    }

    @Test
    void concurrent_jobs_without_a_token_fetch_one_and_share_it() throws Exception {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(okJson(issued("shared-token")).withFixedDelay(300)));
        OAuthTokens tokens = tokens();
        int jobs = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> tokensSeen = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            for (int i = 0; i < jobs; i++) {
                tokensSeen.add(pool.submit(() -> {
                    start.await();
                    return tokens.token(aJob("intune", "fetch_assets"));
                }));
            }
            start.countDown();
            for (Future<String> seen : tokensSeen) {
                assertThat(seen.get()).isEqualTo("shared-token");
            }
        }

        assertThat(tokenRequests()).isEqualTo(1);
    }
}
