package dev.connectorjobs.worker.connector.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.http.HttpResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VendorApi} against a stubbed Microsoft Graph (the {@code intune} connector's vendor): URL
 * joining, link following, authentication and how each failure status becomes a {@link
 * ConnectorException}.
 */
class VendorApiTest {

    static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJub25jZSI6static-token";
    static final String PASSWORD = "b4s1c-pa55word";
    static final String DEVICES = "/v1.0/deviceManagement/managedDevices";

    static WireMockServer graph;

    private final ConnectorTestbed testbed = new ConnectorTestbed();

    @BeforeAll
    static void startGraph() {
        graph = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        graph.start();
    }

    @AfterAll
    static void stopGraph() {
        graph.stop();
    }

    @BeforeEach
    void resetGraph() {
        graph.resetAll();
    }

    @AfterEach
    void closeTestbed() {
        testbed.close();
    }

    /** {@code http://127.0.0.1:<port>}: the origin the API is configured with. */
    static String origin() {
        return "http://127.0.0.1:" + graph.port();
    }

    private VendorApi api(VendorAuth auth) {
        return VendorApi.builder(
                        DeviceConnectors.INTUNE,
                        testbed.clients().forService("intune"),
                        testbed.mapper,
                        URI.create(origin() + "/v1.0/"))
                .auth(auth)
                .build();
    }

    private VendorApi api() {
        return api(HeaderAuth.bearer(TOKEN));
    }

    private static FakeJobContext job() {
        return aJob("intune", "fetch_assets");
    }

    private static ResponseDefinitionBuilder graphError(int status, String code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                        + "\",\"innerError\":{\"request-id\":\"5e1c3b9a-2f4d-4c8e-9a1b-7d6e5f4a3b2c\"}}}");
    }

    private ConnectorException failure(VendorApi api, VendorRequest request) {
        return catchThrowableOfType(ConnectorException.class, () -> api.send(request, job()));
    }

    @Test
    void a_path_is_joined_below_the_base_urls_path_and_sent_with_the_credentials() {
        graph.stubFor(get(urlPathEqualTo(DEVICES)).willReturn(okJson("{\"value\":[{\"id\":\"d-1\"}]}")));

        VendorResponse response = api().get("/deviceManagement/managedDevices", job(), "$top", "2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.array("value")).hasSize(1);
        assertThat(response.request()).isEqualTo("GET " + DEVICES);
        graph.verify(getRequestedFor(urlEqualTo(DEVICES + "?%24top=2"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void a_relative_link_is_followed_verbatim_with_its_opaque_token_untouched() {
        String link = DEVICES + "?$skiptoken=RFNwdAoAAQAAAA%3D%3D%2Bx";
        graph.stubFor(get(urlEqualTo(link)).willReturn(okJson("{\"value\":[]}")));

        api().send(VendorRequest.follow(link), job());

        graph.verify(1, getRequestedFor(urlEqualTo(link)));
        graph.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void an_absolute_link_to_the_same_origin_is_followed_verbatim() {
        String path = DEVICES + "?$skiptoken=Q2xpZW50%2FU2tpcA%3D%3D&$top=2";
        graph.stubFor(get(urlEqualTo(path)).willReturn(okJson("{\"value\":[]}")));

        api().send(VendorRequest.follow(origin() + path), job());

        graph.verify(1, getRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void a_link_to_another_host_is_refused_as_malformed_and_never_requested() {
        // Same server, other host name: were the link followed, the stub would see the request.
        String elsewhere = "http://localhost:" + graph.port() + DEVICES + "?$skiptoken=abc";
        graph.stubFor(get(anyUrl()).willReturn(okJson("{\"value\":[]}")));

        ConnectorException failure = failure(api(), VendorRequest.follow(elsewhere));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).startsWith("intune: ").contains("another host (localhost)");
        assertThat(graph.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void a_401_with_oauth_tokens_renews_the_token_once_and_sends_the_request_again() {
        graph.stubFor(post(urlPathEqualTo("/tenant/oauth2/v2.0/token"))
                .inScenario("tokens")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("first issued")
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"revoked-1\"}")));
        graph.stubFor(post(urlPathEqualTo("/tenant/oauth2/v2.0/token"))
                .inScenario("tokens")
                .whenScenarioStateIs("first issued")
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"fresh-2\"}")));
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .withHeader("Authorization", equalTo("Bearer revoked-1"))
                .willReturn(graphError(
                        401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")));
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .withHeader("Authorization", equalTo("Bearer fresh-2"))
                .willReturn(okJson("{\"value\":[]}")));
        OAuthTokens tokens = new OAuthTokens(
                "intune",
                URI.create(origin() + "/tenant/oauth2/v2.0/token"),
                TokenGrant.clientSecret("client-1", "cl1ent-s3cret", "https://graph.microsoft.com/.default"),
                testbed.clients().forService("intune"),
                testbed.mapper,
                testbed.clock,
                "check jobs.connectors.intune.auth.*");

        VendorResponse response = api(tokens).send(VendorRequest.get("/deviceManagement/managedDevices"), job());

        assertThat(response.status()).isEqualTo(200);
        graph.verify(2, postRequestedFor(urlPathEqualTo("/tenant/oauth2/v2.0/token")));
        graph.verify(2, getRequestedFor(urlPathEqualTo(DEVICES)));
    }

    @Test
    void a_401_with_basic_credentials_fails_permanently_and_is_no_breaker_failure() {
        graph.stubFor(get(urlPathEqualTo(DEVICES)).willReturn(graphError(401, "Unauthorized", "Invalid credentials")));
        VendorApi api = api(new BasicAuth("integration", PASSWORD));

        for (int i = 0; i < 6; i++) {
            ConnectorException failure = failure(api, VendorRequest.get("/deviceManagement/managedDevices"));

            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.httpStatus()).contains(401);
            assertThat(failure.getMessage())
                    .startsWith("intune: GET " + DEVICES + " answered 401")
                    .contains("jobs.connectors.intune.auth.")
                    .doesNotContain(PASSWORD);
        }

        graph.verify(6, getRequestedFor(urlPathEqualTo(DEVICES)));
        assertThat(Breakers.failureCount(testbed.breaker("intune"))).isZero();
        assertThat(testbed.breaker("intune").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void a_403_fails_permanently_as_access_denied_with_the_vendors_explanation() {
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .willReturn(graphError(403, "Forbidden", "Application is not authorized to perform this operation.")));

        ConnectorException failure = failure(api(), VendorRequest.get("/deviceManagement/managedDevices"));

        assertThat(failure.errorType()).isEqualTo("AccessDenied");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("Forbidden: Application is not authorized", "grant it the permission");
    }

    @Test
    void a_404_fails_permanently_as_not_found_unless_the_request_handles_it() {
        graph.stubFor(get(urlPathEqualTo(DEVICES + "/gone"))
                .willReturn(graphError(404, "ResourceNotFound", "Resource not found")));

        ConnectorException failure = failure(api(), VendorRequest.get("/deviceManagement/managedDevices/gone"));
        VendorResponse handled = api().send(
                        VendorRequest.get("/deviceManagement/managedDevices/gone")
                                .handling(404),
                        job());

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(handled.status()).isEqualTo(404);
        assertThat(handled.at("/error/code").asString()).isEqualTo("ResourceNotFound");
    }

    @Test
    void a_400_quotes_the_vendors_explanation_with_every_secret_masked() {
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .willReturn(graphError(400, "BadRequest", "Invalid filter clause near 'Bearer " + TOKEN + "'")));

        ConnectorException failure = failure(api(), VendorRequest.get("/deviceManagement/managedDevices"));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .isEqualTo("intune: GET " + DEVICES + " answered 400: BadRequest: Invalid filter clause near 'Bearer "
                        + Masking.MASK + "'")
                .doesNotContain(TOKEN);
    }

    @Test
    void a_429_within_the_throttle_wait_is_waited_out_and_the_request_sent_again() {
        testbed.clients("jobs.http.services.intune.max-retry-after", "0s");
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(
                        graphError(429, "TooManyRequests", "Too many requests").withHeader("Retry-After", "1")));
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .inScenario("limit")
                .whenScenarioStateIs("window reset")
                .willReturn(okJson("{\"value\":[]}")));
        VendorApi api = VendorApi.builder(
                        DeviceConnectors.INTUNE,
                        testbed.clients().forService("intune"),
                        testbed.mapper,
                        URI.create(origin() + "/v1.0"))
                .auth(HeaderAuth.bearer(TOKEN))
                .throttleWaits(Duration.ofSeconds(60), testbed.clock)
                .build();

        VendorResponse response = api.send(VendorRequest.get("/deviceManagement/managedDevices"), job());

        assertThat(response.status()).isEqualTo(200);
        graph.verify(2, getRequestedFor(urlPathEqualTo(DEVICES)));
    }

    @Test
    void a_429_without_throttle_waits_fails_the_attempt_as_retryable_with_the_wait() {
        testbed.clients("jobs.http.services.intune.max-retry-after", "0s");
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .willReturn(
                        graphError(429, "TooManyRequests", "Too many requests").withHeader("Retry-After", "120")));

        ConnectorException failure = failure(api(), VendorRequest.get("/deviceManagement/managedDevices"));

        assertThat(failure.errorType()).isEqualTo("Throttled");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(120));
        graph.verify(1, getRequestedFor(urlPathEqualTo(DEVICES)));
    }

    @Test
    void a_body_that_is_not_json_fails_permanently_naming_the_connector_and_the_request() {
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Sign in to your account</body></html>")));

        ConnectorException failure = failure(api(), VendorRequest.get("/deviceManagement/managedDevices"));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .isEqualTo("intune: GET " + DEVICES + " answered with a malformed body: the body is not JSON");
    }

    @Test
    void a_field_of_the_wrong_shape_fails_permanently_naming_the_field() {
        graph.stubFor(get(urlPathEqualTo(DEVICES)).willReturn(okJson("{\"value\":{\"id\":\"d-1\"}}")));

        VendorResponse response = api().send(VendorRequest.get("/deviceManagement/managedDevices"), job());
        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> response.array("value"));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).endsWith("'value' is not an array");
    }

    @Test
    void exchange_leaves_the_body_unread_for_a_caller_that_streams_it() {
        graph.stubFor(get(urlPathEqualTo(DEVICES)).willReturn(okJson("{\"value\":[{\"id\":\"d-1\"}]}")));

        VendorResponse response = api().exchange(VendorRequest.get("/deviceManagement/managedDevices"), job());

        assertThat(response.body().isMissingNode()).isTrue();
        assertThat(new String(response.result().body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"value\":[{\"id\":\"d-1\"}]}");
    }

    @Test
    void content_is_sent_as_it_is_with_its_own_content_type_instead_of_json() {
        graph.stubFor(post(urlPathEqualTo("/v1.0/$batch")).willReturn(okJson("{\"ok\":true}")));
        byte[] ndjson = "{\"index\":{}}\n{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);

        api().send(VendorRequest.post("/$batch", null).withContent(ndjson, "application/x-ndjson"), job());

        graph.verify(postRequestedFor(urlPathEqualTo("/v1.0/$batch"))
                .withHeader("Content-Type", equalTo("application/x-ndjson"))
                .withRequestBody(equalTo("{\"index\":{}}\n{\"a\":1}\n")));
    }

    @Test
    void a_vendors_failure_hook_may_reword_the_standard_failure_with_its_explanation() {
        graph.stubFor(get(urlPathEqualTo(DEVICES))
                .willReturn(graphError(503, "serviceNotAvailable", "The service is in maintenance")));
        VendorApi api = VendorApi.builder(
                        DeviceConnectors.INTUNE,
                        testbed.clients("jobs.http.services.intune.max-retries", "0")
                                .forService("intune"),
                        testbed.mapper,
                        URI.create(origin() + "/v1.0"))
                .auth(HeaderAuth.bearer(TOKEN))
                .failures(new FailureHook() {
                    @Override
                    public Optional<ConnectorException> failure(
                            int status, String request, String explanation, HttpResult result) {
                        return Optional.empty();
                    }

                    @Override
                    public ConnectorException adjust(
                            ConnectorException standard, String explanation, HttpResult result) {
                        return ConnectorException.retryable(
                                standard.errorType(), standard.getMessage() + " (" + explanation + ")", null, 503);
                    }
                })
                .build();

        ConnectorException failure = failure(api, VendorRequest.get("/deviceManagement/managedDevices"));

        assertThat(failure.errorType()).isEqualTo("HttpServerError");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage())
                .startsWith("intune: GET " + DEVICES + " answered 503")
                .endsWith("(serviceNotAvailable: The service is in maintenance)");
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_requests_fail_fast_without_reaching_the_vendor() {
        graph.stubFor(get(urlPathEqualTo(DEVICES)).willReturn(serviceUnavailable()));
        VendorApi api = api();

        ConnectorException first = failure(api, VendorRequest.get("/deviceManagement/managedDevices"));
        CircuitOpenException second = catchThrowableOfType(
                CircuitOpenException.class,
                () -> api.send(VendorRequest.get("/deviceManagement/managedDevices"), job()));
        int requests = graph.findAll(anyRequestedFor(anyUrl())).size();
        CircuitOpenException third = catchThrowableOfType(
                CircuitOpenException.class,
                () -> api.send(VendorRequest.get("/deviceManagement/managedDevices"), job()));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(second.breaker()).isEqualTo("intune");
        assertThat(third.breaker()).isEqualTo("intune");
        assertThat(testbed.breaker("intune").state()).isEqualTo(State.OPEN);
        assertThat(graph.findAll(anyRequestedFor(anyUrl()))).hasSize(requests);
    }
}
