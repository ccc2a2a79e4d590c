package dev.connectorjobs.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.AdminApi;
import dev.connectorjobs.api.AdminApiTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Completion webhooks over HTTP on real PostgreSQL, to a real HTTP receiver: refused for hosts off
 * the allow-list, delivered once per terminal state with a signature the receiver verifies,
 * retried when the receiver fails, given up after the last attempt, and shown in the status.
 */
class WebhookIntegrationTest extends AdminApiTest {

    static WebhookReceiver receiver;

    @BeforeAll
    static void allowTheReceiver() throws Exception {
        receiver = new WebhookReceiver();
        HttpResponse<String> put = send("PUT", "/api/v1/admin/webhooks/allowed-hosts/127.0.0.1", null);
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void a_finished_job_is_posted_once_with_a_signature_the_receiver_verifies() throws Exception {
        String path = "/hooks/" + UUID.randomUUID();
        UUID id = submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"n\":1},"
                + "\"callback_url\":\"" + receiver.url(path) + "\"}");

        finish(id, "SUCCESS");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> receiver.received(path).size() == 1);
        WebhookReceiver.Received hook = receiver.received(path).getFirst();
        assertThat(hook.headers().get("content-type")).isEqualTo("application/json");
        assertThat(hook.headers().get("webhook-id")).isEqualTo(id + ".1");
        assertThat(verified(AdminApi.WEBHOOK_SECRET, hook)).isTrue();
        assertThat(verified("whsec_" + Base64.getEncoder().encodeToString("other".getBytes()), hook))
                .isFalse();
        JsonNode body = JSON.readTree(hook.body());
        assertThat(body.get("task_id").asString()).isEqualTo(id.toString());
        assertThat(body.get("status").asString()).isEqualTo("SUCCESS");

        JsonNode delivery = await().atMost(Duration.ofSeconds(30))
                .until(() -> delivery(id, 0), d -> d.get("state").asString().equals("DELIVERED"));
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("last_http_status").asInt()).isEqualTo(204);
        assertThat(delivery.get("job_status").asString()).isEqualTo("SUCCESS");
        // Several more check intervals (100 ms): still exactly one delivery.
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> receiver.received(path).size() == 1);
        assertThat(status(id).get("callback").get("url").asString()).isEqualTo(receiver.url(path));
        assertThat(status(id).toString()).doesNotContain("MfKQ9r8GKYqr");
    }

    @Test
    void a_failing_receiver_is_tried_again_until_it_accepts_and_every_attempt_is_recorded() throws Exception {
        String path = "/flaky/" + UUID.randomUUID();
        receiver.answering(204, 500, 503);
        UUID id = submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\"," + "\"callback_url\":\""
                + receiver.url(path) + "\",\"callback_secret\":\"team-a\"}");

        finish(id, "FAILURE");

        JsonNode delivery = await().atMost(Duration.ofSeconds(30))
                .until(() -> delivery(id, 0), d -> d.get("state").asString().equals("DELIVERED"));
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("history").findValues("http_status").stream().map(JsonNode::asInt))
                .containsExactly(500, 503, 204);
        List<WebhookReceiver.Received> hooks = receiver.received(path);
        assertThat(hooks).hasSize(3);
        assertThat(hooks)
                .allSatisfy(
                        h -> assertThat(verified("team-a-webhook-secret", h)).isTrue());
        // One delivery, so one webhook-id for all its attempts: receivers drop repeats by it.
        assertThat(hooks.stream().map(h -> h.headers().get("webhook-id")).distinct())
                .containsExactly(id + ".1");
    }

    @Test
    void a_receiver_that_never_accepts_is_given_up_after_the_last_attempt() throws Exception {
        String path = "/down/" + UUID.randomUUID();
        receiver.answering(500);
        UUID id = submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\"," + "\"callback_url\":\""
                + receiver.url(path) + "\"}");

        finish(id, "REVOKED");

        JsonNode delivery = await().atMost(Duration.ofSeconds(30))
                .until(() -> delivery(id, 0), d -> d.get("state").asString().equals("FAILED"));
        receiver.answering(204);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("last_error").asString()).contains("HTTP 500");
        assertThat(receiver.received(path)).hasSize(3);
    }

    @Test
    void callbacks_to_hosts_off_the_allow_list_or_with_unknown_secrets_are_refused_and_nothing_is_stored()
            throws Exception {
        long before = jdbc.queryForObject("SELECT count(*) FROM jobs", Long.class);
        for (String callback : List.of(
                "\"callback_url\":\"http://169.254.169.254/latest/meta-data\"",
                "\"callback_url\":\"http://internal.example.com/hook\"",
                "\"callback_url\":\"file:///etc/passwd\"",
                "\"callback_url\":\"http://user:pw@127.0.0.1/hook\"",
                "\"callback_url\":\"http://127.0.0.1/hook\",\"callback_secret\":\"nope\"",
                "\"callback_url\":\"not a url\"",
                "\"callback_url\":42",
                "\"callback_secret\":\"team-a\"")) {
            HttpResponse<String> answer = send(
                    "POST", "/api/v1/jobs", "{\"connector\":\"diagnostics\",\"operation\":\"echo\"," + callback + "}");
            assertThat(answer.statusCode())
                    .as(callback + " -> " + answer.body())
                    .isEqualTo(422);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).containsAnyOf("callback_url", "callback_secret");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs", Long.class)).isEqualTo(before);
    }

    @Test
    void admins_manage_the_allow_list_and_a_removed_host_is_refused_at_once() throws Exception {
        String body = "{\"connector\":\"diagnostics\",\"operation\":\"echo\","
                + "\"callback_url\":\"https://hooks.team-b.example/done\"}";
        assertThat(send("POST", "/api/v1/jobs", body).statusCode()).isEqualTo(422);

        assertThat(send("PUT", "/api/v1/admin/webhooks/allowed-hosts/*.team-b.example", null)
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/api/v1/jobs", body).statusCode()).isEqualTo(202);
        JsonNode list = JSON.readTree(
                send("GET", "/api/v1/admin/webhooks/allowed-hosts", null).body());
        assertThat(list.get("added").findValues("pattern").stream().map(JsonNode::asString))
                .contains("*.team-b.example", "127.0.0.1");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_log WHERE action = 'webhook.allow_host' AND target = ?",
                        Long.class,
                        "*.team-b.example"))
                .isEqualTo(1);

        assertThat(send("DELETE", "/api/v1/admin/webhooks/allowed-hosts/*.team-b.example", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/api/v1/jobs", body).statusCode()).isEqualTo(422);
        assertThat(send("DELETE", "/api/v1/admin/webhooks/allowed-hosts/*.team-b.example", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("PUT", "/api/v1/admin/webhooks/allowed-hosts/bad..host", null)
                        .statusCode())
                .isEqualTo(422);
    }

    /** Checks a webhook as a receiver following the Standard Webhooks specification would. */
    static boolean verified(String secret, WebhookReceiver.Received hook) throws Exception {
        byte[] key = secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((hook.headers().get("webhook-id") + "." + hook.headers().get("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(hook.body()));
        return java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                hook.headers().get("webhook-signature").getBytes(StandardCharsets.UTF_8));
    }

    private static UUID submit(String body) throws Exception {
        HttpResponse<String> answer = send("POST", "/api/v1/jobs", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(answer.body()).get("task_id").asString());
    }

    /** Ends the job as a worker's outcome (or a revoke) would: one UPDATE of its status. */
    private static void finish(UUID id, String status) {
        jdbc.update("UPDATE jobs SET status = ?, finished_at = now() WHERE id = ?", status, id);
    }

    private static JsonNode status(UUID id) throws Exception {
        return JSON.readTree(
                send("GET", "/api/v1/admin/tasks/" + id + "/status", null).body());
    }

    private static JsonNode delivery(UUID id, int index) throws Exception {
        JsonNode deliveries = status(id).path("callback").path("deliveries");
        return deliveries.isArray() && deliveries.size() > index
                ? deliveries.get(index)
                : JSON.readTree("{\"state\":\"NONE\"}");
    }
}
