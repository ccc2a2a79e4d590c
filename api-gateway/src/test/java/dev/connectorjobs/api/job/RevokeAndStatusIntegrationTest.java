package dev.connectorjobs.api.job;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Revoking tasks and reading their status with the attempt history, over HTTP on real PostgreSQL and Kafka. */
class RevokeAndStatusIntegrationTest extends AdminApiTest {

    @Test
    void revoking_a_waiting_job_makes_it_revoked_at_once_and_a_second_revoke_is_harmless() throws Exception {
        JobFixture job = aJob().insert();

        HttpResponse<String> first =
                send("POST", "/api/v1/admin/tasks/" + job.id() + "/revoke", "{\"reason\":\"not needed\"}");
        HttpResponse<String> second = send("POST", "/api/v1/admin/tasks/" + job.id() + "/revoke", null);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("previous_status").asString())
                .isEqualTo("PENDING");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).get("previous_status").asString())
                .isEqualTo("REVOKED");
        JsonNode status = JSON.readTree(
                send("GET", "/api/v1/admin/tasks/" + job.id() + "/status", null).body());
        assertThat(status.get("status").asString()).isEqualTo("REVOKED");
        assertThat(status.get("revoke_reason").asString()).isEqualTo("not needed");
    }

    @Test
    void the_status_lists_finished_attempts_in_order_and_then_the_running_one() throws Exception {
        JobFixture job = aJob().status(JobStatus.STARTED).insert();
        jdbc.update(
                "UPDATE jobs SET attempt = 3, worker_id = 'worker-c', started_at = '2026-11-29T10:00:03.5Z' WHERE id = ?",
                job.id());
        jdbc.update(
                "INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, error_type,"
                        + " error_message, http_status, duration_ms) VALUES"
                        + " (?, 2, 'worker-b', '2026-11-29T10:00:01Z', '2026-11-29T10:00:02.25Z', 'RETRY',"
                        + " 'UpstreamUnavailable', 'HTTP 503 from the service', 503, 1250),"
                        + " (?, 1, 'worker-a', '2026-11-29T10:00:00Z', '2026-11-29T10:00:00.125Z', 'RETRY',"
                        + " 'Timeout', 'no answer in 10 s', NULL, 125)",
                job.id(),
                job.id());

        JsonNode attempts = JSON.readTree(send("GET", "/api/v1/admin/tasks/" + job.id() + "/status", null)
                        .body())
                .get("attempts");

        assertThat(attempts).hasSize(3);
        JsonNode first = attempts.get(0);
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(first.get("worker_id").asString()).isEqualTo("worker-a");
        assertThat(Instant.parse(first.get("finished_at").asString()))
                .isEqualTo(Instant.parse("2026-11-29T10:00:00.125Z"));
        assertThat(first.get("http_status").isNull()).isTrue();
        assertThat(first.get("error_message").asString()).isEqualTo("no answer in 10 s");
        JsonNode second = attempts.get(1);
        assertThat(second.get("attempt").asInt()).isEqualTo(2);
        assertThat(Instant.parse(second.get("started_at").asString())).isEqualTo(Instant.parse("2026-11-29T10:00:01Z"));
        assertThat(second.get("outcome").asString()).isEqualTo("RETRY");
        assertThat(second.get("error_type").asString()).isEqualTo("UpstreamUnavailable");
        assertThat(second.get("http_status").asInt()).isEqualTo(503);
        assertThat(second.get("duration_ms").asLong()).isEqualTo(1250);
        JsonNode running = attempts.get(2);
        assertThat(running.get("attempt").asInt()).isEqualTo(3);
        assertThat(running.get("worker_id").asString()).isEqualTo("worker-c");
        assertThat(running.get("finished_at").isNull()).isTrue();
        assertThat(running.get("outcome").isNull()).isTrue();
    }

    @Test
    void the_status_shows_the_checkpoint_of_remote_work_and_the_remote_cancel_of_a_revoked_attempt() throws Exception {
        JobFixture job = aJob().status(JobStatus.REVOKED).insert();
        jdbc.update(
                "UPDATE jobs SET checkpoint = '{\"awx_job_id\": 123}', revoke_reason = 'not needed' WHERE id = ?",
                job.id());
        jdbc.update(
                "INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, error_type,"
                        + " error_message, duration_ms) VALUES (?, 1, 'worker-a', '2026-11-29T10:00:00Z',"
                        + " '2026-11-29T10:00:05Z', 'REVOKED', 'Revoked', 'not needed', 5000)",
                job.id());
        jdbc.update(
                "INSERT INTO job_remote_cancels (job_id, attempt, worker_id, reason, action, outcome, detail,"
                        + " started_at, finished_at) VALUES (?, 1, 'worker-a', 'revoked',"
                        + " 'POST /api/v2/jobs/123/cancel/', 'DONE', NULL, '2026-11-29T10:00:05Z',"
                        + " '2026-11-29T10:00:05.2Z')",
                job.id());
        JobFixture plain = aJob().status(JobStatus.SUCCESS).insert();

        JsonNode status = JSON.readTree(
                send("GET", "/api/v1/admin/tasks/" + job.id() + "/status", null).body());
        JsonNode other = JSON.readTree(send("GET", "/api/v1/admin/tasks/" + plain.id() + "/status", null)
                .body());

        assertThat(status.get("checkpoint").get("awx_job_id").asInt()).isEqualTo(123);
        JsonNode cancel = status.get("attempts").get(0).get("remote_cancel");
        assertThat(cancel.get("action").asString()).isEqualTo("POST /api/v2/jobs/123/cancel/");
        assertThat(cancel.get("reason").asString()).isEqualTo("revoked");
        assertThat(cancel.get("outcome").asString()).isEqualTo("DONE");
        assertThat(Instant.parse(cancel.get("finished_at").asString()))
                .isEqualTo(Instant.parse("2026-11-29T10:00:05.2Z"));
        assertThat(other.get("checkpoint").isNull()).isTrue();
    }

    @Test
    void revoking_a_finished_job_is_409_with_its_status_and_an_unknown_one_404() throws Exception {
        JobFixture job = aJob().status(JobStatus.SUCCESS).insert();

        HttpResponse<String> finished = send("POST", "/api/v1/admin/tasks/" + job.id() + "/revoke", null);
        HttpResponse<String> unknown = send("POST", "/api/v1/admin/tasks/" + UUID.randomUUID() + "/revoke", null);

        assertThat(finished.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(finished.body()).get("current_status").asString())
                .isEqualTo("SUCCESS");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JobRows.job(job.id()).status()).isEqualTo("SUCCESS");
    }
}
