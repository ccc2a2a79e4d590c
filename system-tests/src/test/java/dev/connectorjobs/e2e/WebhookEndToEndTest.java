package dev.connectorjobs.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completion webhooks through the whole system: jobs submitted over HTTP with a callback, run by a
 * worker (or revoked), and their status documents POSTed, signed, to a receiver, once per job when
 * it accepts, again when it fails.
 */
class WebhookEndToEndTest {

    static final String SECRET = "e2e-webhook-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer receiver;
    static ApiClient client;

    @BeforeAll
    static void start() {
        receiver = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.webhooks.secrets.default=" + SECRET,
                "jobs.webhooks.allowed-hosts=localhost",
                "jobs.webhooks.check-interval=100ms",
                "jobs.webhooks.backoff-base=200ms");
        system.startWorker("jobs.worker.id=e2e-webhooks", "spring.kafka.consumer.group-id=e2e-webhooks");
    }

    @Test
    void a_succeeded_and_a_failed_job_each_post_their_status_once_signed() throws Exception {
        receiver.stubFor(
                post(urlPathEqualTo("/hooks/done")).willReturn(aResponse().withStatus(200)));
        String callback = ",\"callback_url\":\"" + receiver.baseUrl() + "/hooks/done\"}";

        String ok =
                client.submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"a\":1}" + callback);
        String failed = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"fail\","
                + "\"params\":{\"times\":-1,\"retryable\":false,\"message\":\"no\"}" + callback);

        await().atMost(Duration.ofSeconds(120)).until(() -> hooks("/hooks/done").size() == 2);
        for (LoggedRequest hook : hooks("/hooks/done")) {
            assertThat(signatureOf(hook)).isEqualTo(hook.getHeader("webhook-signature"));
        }
        assertThat(hooks("/hooks/done").stream()
                        .map(WebhookEndToEndTest::body)
                        .map(b -> b.get("task_id") + "=" + b.get("status").asString()))
                .containsExactlyInAnyOrder("\"" + ok + "\"=SUCCESS", "\"" + failed + "\"=FAILURE");
        JsonNode status = client.status(ok);
        assertThat(status.get("result").get("a").asInt()).isEqualTo(1);
        assertThat(status.get("callback").get("deliveries").get(0).get("state").asString())
                .isEqualTo("DELIVERED");
    }

    @Test
    void a_revoked_job_is_posted_and_a_failing_receiver_gets_it_again_until_it_accepts() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hooks/flaky"))
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        receiver.stubFor(post(urlPathEqualTo("/hooks/flaky"))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));

        String id = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":60000},"
                + "\"callback_url\":\"" + receiver.baseUrl() + "/hooks/flaky\"}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.status(id).get("status").asString().equals("STARTED"));
        assertThat(client.send("POST", "/api/v1/admin/tasks/" + id + "/revoke", null)
                        .statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.status(id)
                        .path("callback")
                        .path("deliveries")
                        .path(0)
                        .path("state")
                        .asString("")
                        .equals("DELIVERED"));
        List<LoggedRequest> hooks = hooks("/hooks/flaky");
        assertThat(hooks).hasSize(2);
        assertThat(hooks)
                .allSatisfy(h -> assertThat(body(h).get("status").asString()).isEqualTo("REVOKED"));
        assertThat(hooks.get(0).getHeader("webhook-id")).isEqualTo(hooks.get(1).getHeader("webhook-id"));
    }

    private static List<LoggedRequest> hooks(String path) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private static JsonNode body(LoggedRequest hook) {
        return JSON.readTree(hook.getBody());
    }

    /** The signature a receiver computes, as the Standard Webhooks specification describes. */
    private static String signatureOf(LoggedRequest hook) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((hook.getHeader("webhook-id") + "." + hook.getHeader("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(hook.getBody()));
        assertThat(MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        hook.getHeader("webhook-signature").getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        return expected;
    }
}
