package dev.connectorjobs.api.job;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.AdminApi;
import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Re-drive of finished jobs over HTTP on real PostgreSQL and Kafka (no worker runs here): one job
 * and many, the history kept, ownership for USER keys, audit rows, conflicts and bad input.
 */
class RedriveIntegrationTest extends AdminApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static String userKey;
    static String userKeyId;

    @BeforeAll
    static void keys() throws Exception {
        JsonNode user = newKey("redrive-user-" + UUID.randomUUID());
        userKey = user.get("key").asString();
        userKeyId = user.get("id").asString();
    }

    @Test
    void a_failed_job_is_re_driven_as_a_new_attempt_with_its_history_kept_and_the_retry_is_audited() throws Exception {
        JobFixture job =
                aJob().status(JobStatus.FAILURE).attempt(4).maxRetries(3).insert();
        jdbc.update(
                "UPDATE jobs SET retries_used = 3, lost_count = 2, error_type = 'UpstreamUnavailable',"
                        + " error_message = 'HTTP 503', finished_at = now(), checkpoint = '{\"sid\":\"x\"}' WHERE id = ?",
                job.id());
        for (int attempt = 1; attempt <= 4; attempt++) {
            attempt(job.id(), attempt, "RETRY");
        }

        HttpResponse<String> answer = send("POST", "/api/v1/admin/tasks/" + job.id() + "/retry", "{\"max_retries\":5}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("previous_status").asString()).isEqualTo("FAILURE");
        assertThat(body.get("attempt").asInt()).isEqualTo(5);
        assertThat(body.get("max_retries").asInt()).isEqualTo(5);
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT status, attempt, retries_used, lost_count, max_retries, error_type, finished_at, checkpoint,"
                        + " redrive_count FROM jobs WHERE id = ?",
                job.id());
        assertThat(row.get("attempt")).isEqualTo(5);
        assertThat(row.get("retries_used")).isEqualTo(0);
        assertThat(row.get("lost_count")).isEqualTo(0);
        assertThat(row.get("max_retries")).isEqualTo(5);
        assertThat(row.get("error_type")).isNull();
        assertThat(row.get("finished_at")).isNull();
        assertThat(row.get("checkpoint")).isNull();
        assertThat(row.get("redrive_count")).isEqualTo(1);
        assertThat(JobRows.attempts(job.id())).hasSize(4);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(JobRows.job(job.id()).status())
                        .as("published at once and confirmed by Kafka")
                        .isEqualTo("QUEUED"));
        JsonNode status = JSON.readTree(
                send("GET", "/api/v1/admin/tasks/" + job.id() + "/status", null).body());
        assertThat(status.get("attempts")).hasSize(4);
        assertThat(status.get("redrive_count").asInt()).isEqualTo(1);
        Map<String, Object> audit = jdbc.queryForMap(
                "SELECT actor_name, detail::text AS detail FROM audit_log WHERE action = 'task.retry' AND target = ?",
                job.id().toString());
        assertThat(audit.get("detail").toString()).contains("\"previous_status\": \"FAILURE\"", "\"attempt\": 5");
    }

    @Test
    void revoked_and_poison_jobs_are_re_driven_and_keep_their_max_retries_when_the_body_is_empty() throws Exception {
        JobFixture revoked = aJob().status(JobStatus.REVOKED).maxRetries(2).insert();
        jdbc.update(
                "UPDATE jobs SET revoke_reason = 'expired', expires_at = now() - interval '1 hour' WHERE id = ?",
                revoked.id());
        JobFixture poison = aJob().status(JobStatus.FAILURE).insert();
        jdbc.update("UPDATE jobs SET error_type = 'PoisonJob', lost_count = 3 WHERE id = ?", poison.id());

        HttpResponse<String> first = send("POST", "/api/v1/admin/tasks/" + revoked.id() + "/retry", null);
        HttpResponse<String> second = send("POST", "/api/v1/admin/tasks/" + poison.id() + "/retry", "{}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("max_retries").asInt()).isEqualTo(2);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        Map<String, Object> row =
                jdbc.queryForMap("SELECT revoke_reason, expires_at FROM jobs WHERE id = ?", revoked.id());
        assertThat(row.get("revoke_reason")).isNull();
        assertThat(row.get("expires_at"))
                .as("an expired job re-driven must not expire again at once")
                .isNull();
    }

    @Test
    void a_success_is_409_with_a_clear_message_and_a_job_that_has_not_ended_409_with_its_status() throws Exception {
        JobFixture success = aJob().status(JobStatus.SUCCESS).insert();
        JobFixture running = aJob().status(JobStatus.STARTED).insert();

        HttpResponse<String> ok = send("POST", "/api/v1/admin/tasks/" + success.id() + "/retry", null);
        HttpResponse<String> busy = send("POST", "/api/v1/admin/tasks/" + running.id() + "/retry", null);

        assertThat(ok.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(ok.body()).get("detail").asString())
                .contains("SUCCESS job is not re-driven", "Submit a new job");
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).contains("STARTED");
        assertThat(JobRows.job(success.id()).status()).isEqualTo("SUCCESS");
        assertThat(JobRows.job(running.id()).attempt()).isEqualTo(1);
    }

    @Test
    void bad_ids_bodies_and_unknown_jobs_are_problems_not_500s() throws Exception {
        JobFixture failed = aJob().status(JobStatus.FAILURE).insert();
        String path = "/api/v1/admin/tasks/" + failed.id() + "/retry";

        assertThat(send("POST", "/api/v1/admin/tasks/not-a-uuid/retry", null).statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/api/v1/admin/tasks/" + UUID.randomUUID() + "/retry", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("POST", path, "[1]").statusCode()).isEqualTo(400);
        assertThat(send("POST", path, "{\"max_retries\":-1}").statusCode()).isEqualTo(422);
        assertThat(send("POST", path, "{\"max_retries\":1e400}").statusCode()).isEqualTo(422);
        assertThat(send("POST", path, "{\"max_retries\":\"5\"}").statusCode()).isEqualTo(422);
        assertThat(send("POST", path, "{\"max_retries\":99999}").statusCode()).isEqualTo(422);
        assertThat(send("POST", path, "{\"what\\u0000\":1}").statusCode()).isEqualTo(422);
        assertThat(send("POST", path, "{").statusCode()).isEqualTo(400);
        assertThat(JobRows.job(failed.id()).status()).as("nothing changed").isEqualTo("FAILURE");
        assertThat(send("POST", "/api/v1/admin/tasks:retry", "{}").statusCode()).isEqualTo(422);
        assertThat(send("POST", "/api/v1/admin/tasks:retry", "{\"status\":\"SUCCESS\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(send("POST", "/api/v1/admin/tasks:retry", "{\"status\":7}").statusCode())
                .isEqualTo(422);
        assertThat(send("POST", "/api/v1/admin/tasks:retry", "{\"connector\":\"a\\u0000\"}")
                        .statusCode())
                .isIn(400, 422);
        assertThat(send("POST", "/api/v1/admin/tasks:retry", "{\"since\":\"yesterday\"}")
                        .statusCode())
                .isIn(400, 422);
        assertThat(send("POST", "/api/v1/admin/tasks:retry", "[]").statusCode()).isEqualTo(400);
    }

    @Test
    void two_concurrent_re_drives_of_one_job_make_one_new_attempt() throws Exception {
        for (int round = 0; round < 5; round++) {
            JobFixture job = aJob().status(JobStatus.FAILURE).insert();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return send("POST", "/api/v1/admin/tasks/" + job.id() + "/retry", null)
                                .statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();

            List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();

            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            assertThat(JobRows.job(job.id()).attempt()).isEqualTo(2);
            Integer audits = jdbc.queryForObject(
                    "SELECT count(*) FROM audit_log WHERE action = 'task.retry' AND target = ?",
                    Integer.class,
                    job.id().toString());
            assertThat(audits).isEqualTo(1);
        }
    }

    @Test
    void a_user_key_re_drives_its_own_jobs_and_gets_403_on_another_clients_job() throws Exception {
        JobFixture own = aJob().status(JobStatus.FAILURE).insert();
        JobFixture others = aJob().status(JobStatus.FAILURE).insert();
        jdbc.update("UPDATE jobs SET client_id = ? WHERE id = ?", userKeyId, own.id());
        jdbc.update(
                "UPDATE jobs SET client_id = ? WHERE id = ?", UUID.randomUUID().toString(), others.id());

        HttpResponse<String> mine = as(userKey, "POST", "/api/v1/admin/tasks/" + own.id() + "/retry", null);
        HttpResponse<String> theirs = as(userKey, "POST", "/api/v1/admin/tasks/" + others.id() + "/retry", null);

        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(theirs.body()).get("detail").asString()).contains("only the tasks it submitted");
        assertThat(JobRows.job(others.id()).status()).isEqualTo("FAILURE");
        assertThat(as(userKey, "POST", "/api/v1/admin/tasks/" + UUID.randomUUID() + "/retry", null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void a_bulk_re_drive_takes_the_list_filters_works_in_chunks_and_answers_how_many_it_re_queued() throws Exception {
        String operation = "bulk-" + UUID.randomUUID();
        List<UUID> failed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            failed.add(aJob().operation(operation)
                    .status(JobStatus.FAILURE)
                    .insert()
                    .id());
        }
        JobFixture poison =
                aJob().operation(operation).status(JobStatus.FAILURE).insert();
        jdbc.update("UPDATE jobs SET error_type = 'PoisonJob' WHERE id = ?", poison.id());
        JobFixture revoked =
                aJob().operation(operation).status(JobStatus.REVOKED).insert();
        JobFixture success =
                aJob().operation(operation).status(JobStatus.SUCCESS).insert();
        JobFixture otherOperation =
                aJob().operation(operation + "-x").status(JobStatus.FAILURE).insert();

        HttpResponse<String> poisonOnly = send(
                "POST",
                "/api/v1/admin/tasks:retry",
                "{\"operation\":\"" + operation + "\",\"error_type\":\"PoisonJob\",\"max_retries\":1}");
        HttpResponse<String> failures = send(
                "POST", "/api/v1/admin/tasks:retry", "{\"operation\":\"" + operation + "\",\"status\":\"FAILURE\"}");
        HttpResponse<String> everythingLeft = send(
                "POST",
                "/api/v1/admin/tasks:retry",
                "{\"operation\":\"" + operation
                        + "\",\"connector\":\"diagnostics\",\"since\":\"2020-01-01T00:00:00Z\"}");

        assertThat(JSON.readTree(poisonOnly.body()).get("requeued").asInt())
                .as(poisonOnly.body())
                .isEqualTo(1);
        assertThat(JSON.readTree(failures.body()).get("requeued").asInt())
                .as("7 failures, re-driven in chunks of 3 (this api-gateway's chunk size)")
                .isEqualTo(7);
        assertThat(JSON.readTree(failures.body()).get("more").asBoolean()).isFalse();
        assertThat(JSON.readTree(everythingLeft.body()).get("requeued").asInt())
                .as("only the revoked job is left; SUCCESS is never re-driven")
                .isEqualTo(1);
        for (UUID id : failed) {
            assertThat(JobRows.job(id).attempt()).isEqualTo(2);
        }
        assertThat(JobRows.job(revoked.id()).attempt()).isEqualTo(2);
        assertThat(JobRows.job(success.id()).status()).isEqualTo("SUCCESS");
        assertThat(JobRows.job(otherOperation.id()).status()).isEqualTo("FAILURE");
        Integer maxRetries =
                jdbc.queryForObject("SELECT max_retries FROM jobs WHERE id = ?", Integer.class, poison.id());
        assertThat(maxRetries).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(failed.stream()
                                .map(id -> JobRows.job(id).status())
                                .distinct())
                        .as("the dispatcher publishes what a bulk re-drive re-queued")
                        .containsExactly("QUEUED"));
        String detail = jdbc.queryForObject(
                "SELECT detail::text FROM audit_log WHERE action = 'tasks.retry' AND detail->>'operation' = ?"
                        + " AND detail->>'status' = 'FAILURE'",
                String.class,
                operation);
        assertThat(detail).contains("\"requeued\": 7");
    }

    @Test
    void a_bulk_re_drive_by_a_user_key_takes_only_its_own_jobs() throws Exception {
        String operation = "bulk-user-" + UUID.randomUUID();
        JobFixture own = aJob().operation(operation).status(JobStatus.FAILURE).insert();
        JobFixture others =
                aJob().operation(operation).status(JobStatus.FAILURE).insert();
        jdbc.update("UPDATE jobs SET client_id = ? WHERE id = ?", userKeyId, own.id());

        HttpResponse<String> answer =
                as(userKey, "POST", "/api/v1/admin/tasks:retry", "{\"operation\":\"" + operation + "\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("requeued").asInt()).isEqualTo(1);
        assertThat(JobRows.job(own.id()).attempt()).isEqualTo(2);
        assertThat(JobRows.job(others.id()).status()).isEqualTo("FAILURE");
    }

    @Test
    void a_status_request_waiting_on_a_failed_job_is_answered_when_it_is_re_driven() throws Exception {
        JobFixture job = aJob().status(JobStatus.FAILURE).insert();
        CompletableFuture<HttpResponse<String>> waiting =
                AdminApi.get().getAsync("/api/v1/admin/tasks/" + job.id() + "/status?wait=30s&since_status=FAILURE");

        assertThat(send("POST", "/api/v1/admin/tasks/" + job.id() + "/retry", null)
                        .statusCode())
                .isEqualTo(200);

        JsonNode answered = JSON.readTree(
                waiting.get(40, java.util.concurrent.TimeUnit.SECONDS).body());
        assertThat(answered.get("status").asString()).isIn("PENDING", "QUEUED");
        assertThat(answered.get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void the_task_list_filters_by_operation_and_error_type() throws Exception {
        String operation = "list-" + UUID.randomUUID();
        JobFixture poison =
                aJob().operation(operation).status(JobStatus.FAILURE).insert();
        jdbc.update("UPDATE jobs SET error_type = 'PoisonJob' WHERE id = ?", poison.id());
        aJob().operation(operation).status(JobStatus.FAILURE).insert();

        JsonNode tasks = JSON.readTree(
                        send("GET", "/api/v1/admin/tasks?operation=" + operation + "&error_type=PoisonJob", null)
                                .body())
                .get("tasks");

        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("task_id").asString()).isEqualTo(poison.id().toString());
    }

    private static void attempt(UUID id, int attempt, String outcome) {
        jdbc.update(
                "INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, duration_ms)"
                        + " VALUES (?, ?, 'worker-a', now(), now(), ?, 1)",
                id,
                attempt,
                outcome);
    }

    private static JsonNode newKey(String name) throws Exception {
        HttpResponse<String> created =
                send("POST", "/api/v1/admin/api-keys", "{\"name\":\"" + name + "\",\"role\":\"USER\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    private static HttpResponse<String> as(String key, String method, String path, @Nullable String body)
            throws Exception {
        String port = AdminApi.get().context().getEnvironment().getProperty("local.server.port");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
