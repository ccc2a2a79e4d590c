package dev.connectorjobs.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.testing.JobRows;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency keys on submission: a replay returns the task, a different request under the same key is refused. */
class IdempotencyIntegrationTest extends AdminApiTest {

    @Test
    void the_same_idempotency_key_with_the_same_request_returns_the_existing_task() throws Exception {
        String key = "order-" + UUID.randomUUID();
        String body = "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"a\":1,\"b\":[1,2]}}";
        String sameInOtherOrder =
                "{\"params\":{\"b\":[1,2],\"a\":1.0},\"operation\":\"echo\",\"connector\":\"diagnostics\",\"max_retries\":3}";

        HttpResponse<String> first = send("POST", "/api/v1/jobs", body, "Idempotency-Key", key);
        HttpResponse<String> replay = send("POST", "/api/v1/jobs", sameInOtherOrder, "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).get("task_id").asString())
                .isEqualTo(JSON.readTree(first.body()).get("task_id").asString());
    }

    @Test
    void the_same_idempotency_key_with_a_different_request_is_422_and_stores_nothing() throws Exception {
        String key = "order-" + UUID.randomUUID();
        send("POST", "/api/v1/jobs", "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}", "Idempotency-Key", key);
        long before = JobRows.total();

        HttpResponse<String> different = send(
                "POST",
                "/api/v1/jobs",
                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1}}",
                "Idempotency-Key",
                key);

        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(different.body()).contains("Idempotency-Key");
        assertThat(JobRows.total()).isEqualTo(before);
    }
}
