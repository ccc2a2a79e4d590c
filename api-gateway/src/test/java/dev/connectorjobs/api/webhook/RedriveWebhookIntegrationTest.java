package dev.connectorjobs.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.AdminApiTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks of a re-driven job: its first end was delivered, and the end of its re-driven run is
 * delivered again, as a new delivery; a delivery of the first end still pending when the job is
 * re-driven is superseded instead of POSTing a document that no longer says how the job ended.
 */
class RedriveWebhookIntegrationTest extends AdminApiTest {

    static WebhookReceiver accepting;
    static WebhookReceiver failing;

    @BeforeAll
    static void receivers() throws Exception {
        accepting = new WebhookReceiver();
        failing = new WebhookReceiver().answering(500);
        HttpResponse<String> put = send("PUT", "/api/v1/admin/webhooks/allowed-hosts/127.0.0.1", null);
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    }

    @AfterAll
    static void stop() {
        accepting.close();
        failing.close();
    }

    @Test
    void a_re_driven_job_that_ends_again_is_delivered_again_under_a_new_webhook_id() throws Exception {
        String path = "/redrive/" + UUID.randomUUID();
        UUID id = submit(accepting.url(path));
        finish(id, "FAILURE");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> accepting.received(path).size() == 1);

        HttpResponse<String> redriven = send("POST", "/api/v1/admin/tasks/" + id + "/retry", null);
        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
        // The re-driven attempt runs and succeeds (what its worker would write).
        finish(id, "SUCCESS");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> accepting.received(path).size() == 2);
        List<WebhookReceiver.Received> hooks = accepting.received(path);
        assertThat(hooks.stream().map(h -> h.headers().get("webhook-id"))).containsExactly(id + ".1", id + ".2");
        assertThat(JSON.readTree(hooks.get(0).body()).get("status").asString()).isEqualTo("FAILURE");
        JsonNode second = JSON.readTree(hooks.get(1).body());
        assertThat(second.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(second.get("redrive_count").asInt()).isEqualTo(1);
    }

    @Test
    void a_delivery_still_pending_when_its_job_is_re_driven_is_superseded() throws Exception {
        String path = "/superseded/" + UUID.randomUUID();
        UUID id = submit(failing.url(path));
        finish(id, "REVOKED");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !failing.received(path).isEmpty());

        HttpResponse<String> redriven = send("POST", "/api/v1/admin/tasks/" + id + "/retry", null);

        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
        JsonNode delivery = JSON.readTree(send("GET", "/api/v1/admin/tasks/" + id + "/status", null)
                        .body())
                .get("callback")
                .get("deliveries")
                .get(0);
        assertThat(delivery.get("state").asString()).isEqualTo("FAILED");
        assertThat(delivery.get("last_error").asString()).contains("superseded");
        int before = failing.received(path).size();
        // Past the receiver's backoff: a pending delivery would have been tried again by now.
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(failing.received(path)).hasSize(before);
    }

    private static UUID submit(String callback) throws Exception {
        HttpResponse<String> answer = send(
                "POST",
                "/api/v1/jobs",
                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"callback_url\":\"" + callback + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(answer.body()).get("task_id").asString());
    }

    private static void finish(UUID id, String status) {
        jdbc.update("UPDATE jobs SET status = ?, finished_at = now() WHERE id = ?", status, id);
    }
}
