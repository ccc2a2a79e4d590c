package dev.connectorjobs.worker.connector.jamf;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.CLIENT_SECRET;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.SECOND_TOKEN;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.TOKEN;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.USERNAME;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.computersPage;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.error;
import static dev.connectorjobs.worker.connector.jamf.JamfStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the {@code jamf} connector authenticates against a stub Jamf Pro: an API client's client
 * credentials token, a user account's Basic login and kept-alive bearer tokens, one replacement for a
 * token refused mid-run, and refused or malformed credentials answers.
 */
class JamfAuthContractTest extends JamfContractBase {

    @Test
    void test_connection_as_an_api_client_gets_a_client_credentials_token_and_reads_the_version() {
        stub.oauth(TOKEN);
        service.stubFor(JamfStub.authorized(get(urlPathEqualTo(JamfConnector.VERSION)), TOKEN)
                .willReturn(json(200, "{\"version\":\"11.12.1-t1733915216015\"}")));

        Map<String, Object> result = run(connector(), "test_connection");

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("version", "11.12.1-t1733915216015")
                .containsEntry("auth", "oauth");
        assertThat(stub.requests("/api/oauth/token")).hasSize(1);
        assertThat(stub.requests("/api/oauth/token").getFirst().getBodyAsString())
                .doesNotContain("scope");
    }

    @Test
    void a_token_that_expires_mid_run_is_replaced_once_and_the_page_asked_for_again() {
        stub.oauth(TOKEN);
        service.stubFor(stub.oauthRequest()
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs("expired")
                .willReturn(JamfStub.oauthAnswer(SECOND_TOKEN)));
        stub.computers(TOKEN, 8, SIZE);
        stub.computers(SECOND_TOKEN, 8, SIZE);
        service.stubFor(computersPage(TOKEN, 1, SIZE)
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("expired")
                .willReturn(error(401, "INVALID_TOKEN", "Unauthorized")));

        Map<String, Object> result = run(connector(), "fetch_assets");

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(stub.requests("/api/oauth/token")).hasSize(2);
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo(JamfConnector.COMPUTERS))
                        .withQueryParam("page", equalTo("2"))
                        .withHeader("Authorization", equalTo("Bearer " + SECOND_TOKEN)));
    }

    @Test
    void a_user_account_logs_in_once_and_keeps_its_token_alive_before_it_expires() {
        Instant issued = testbed.clock.instant();
        stub.login(TOKEN, issued.plus(Duration.ofMinutes(20)));
        stub.keepAlive(TOKEN, SECOND_TOKEN, issued.plus(Duration.ofMinutes(40)));
        stub.computers(TOKEN, 8, SIZE);
        stub.computers(SECOND_TOKEN, 8, SIZE);
        FakeJobContext job = aJob("jamf", "fetch_assets").param("publish", true).onProgress(count -> {
            if (count == SIZE) {
                testbed.clock.advance(Duration.ofMinutes(19).plusSeconds(30));
            }
        });

        Map<String, Object> result = run(userConnector(), job);

        assertThat(result).containsEntry("count", 8L);
        assertThat(stub.requests(JamfSessionTokens.LOGIN)).hasSize(1);
        assertThat(stub.requests(JamfSessionTokens.KEEP_ALIVE)).hasSize(1);
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo(JamfConnector.COMPUTERS))
                        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        service.verify(
                2,
                getRequestedFor(urlPathEqualTo(JamfConnector.COMPUTERS))
                        .withHeader("Authorization", equalTo("Bearer " + SECOND_TOKEN)));
    }

    @Test
    void a_token_life_is_measured_by_the_servers_clock_so_a_worker_clock_ahead_of_it_still_uses_the_token() {
        Instant server = testbed.clock.instant().minus(Duration.ofHours(2));
        service.stubFor(stub.loginRequest()
                .willReturn(JamfStub.sessionAnswer(TOKEN, server.plus(Duration.ofMinutes(20)))
                        .withHeader(
                                "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(server.atZone(ZoneOffset.UTC)))));
        stub.computers(TOKEN, 8, SIZE);

        Map<String, Object> result = run(userConnector(), "fetch_assets");

        assertThat(result).containsEntry("count", 8L);
        assertThat(stub.requests(JamfSessionTokens.LOGIN)).hasSize(1);
        assertThat(stub.requests(JamfSessionTokens.KEEP_ALIVE)).isEmpty();
    }

    @Test
    void a_user_token_the_server_refuses_mid_run_is_replaced_by_one_new_login() {
        Instant issued = testbed.clock.instant();
        stub.login(TOKEN, issued.plus(Duration.ofMinutes(30)));
        service.stubFor(stub.loginRequest()
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs("invalidated")
                .willReturn(JamfStub.sessionAnswer(SECOND_TOKEN, issued.plus(Duration.ofMinutes(30)))));
        stub.computers(TOKEN, 8, SIZE);
        stub.computers(SECOND_TOKEN, 8, SIZE);
        service.stubFor(computersPage(TOKEN, 2, SIZE)
                .atPriority(1)
                .inScenario("token")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("invalidated")
                .willReturn(error(401, "INVALID_TOKEN", "Unauthorized")));

        Map<String, Object> result = run(userConnector(), "fetch_assets");

        assertThat(result).containsEntry("count", 8L);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(stub.requests(JamfSessionTokens.LOGIN)).hasSize(2);
        assertThat(stub.requests(JamfSessionTokens.KEEP_ALIVE)).isEmpty();
    }

    @Test
    void refused_credentials_fail_permanently_without_counting_against_the_breaker_and_never_show_the_secret() {
        service.stubFor(
                post(urlPathEqualTo("/api/oauth/token")).willReturn(json(401, "{\"error\":\"invalid_client\"}")));
        JamfConnector connector = connector();

        for (int i = 0; i < 6; i++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, "fetch_assets"));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .contains("invalid_client", "jobs.connectors.jamf.auth.client-id")
                    .doesNotContain(CLIENT_SECRET);
        }
        stub.login(TOKEN, testbed.clock.instant().plusSeconds(1800));
        ConnectorException user = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        connector(
                                "auth.client-id",
                                "",
                                "auth.client-secret",
                                "",
                                "auth.username",
                                USERNAME,
                                "auth.password",
                                "wrong-password"),
                        "fetch_assets"));

        assertThat(user.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(user.getMessage())
                .contains("jobs.connectors.jamf.auth.username")
                .doesNotContain("wrong-password");
        assertThat(computerPageRequests()).isZero();
        assertThat(testbed.breaker("jamf").state().name()).isEqualTo("CLOSED");
    }

    @Test
    void a_login_answer_without_an_expiry_time_fails_naming_the_field() {
        service.stubFor(stub.loginRequest().willReturn(json(200, "{\"token\":\"" + TOKEN + "\",\"expires\":1800}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(userConnector(), "fetch_assets"));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage())
                .isEqualTo("jamf: POST /api/v1/auth/token answered with a malformed body: 'expires' is not an"
                        + " ISO-8601 time");
    }
}
