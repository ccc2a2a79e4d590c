package dev.connectorjobs.api.job;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code countdown}, {@code eta} and {@code expires} over HTTP on real PostgreSQL and Kafka (this
 * api-gateway runs no worker): validation, the delay waiting in PostgreSQL, and the expiry sweep.
 */
class DelayedAndExpiringJobsIntegrationTest extends AdminApiTest {

    private static String job(String marker, String timing) {
        return "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"marker\":\"" + marker + "\"}"
                + (timing.isEmpty() ? "" : "," + timing) + "}";
    }

    private static int stored(String marker) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM jobs WHERE params->>'marker' = ?", Integer.class, marker);
        return n == null ? 0 : n;
    }

    static Stream<Arguments> badTimings() {
        String future = Instant.now().plus(Duration.ofHours(2)).toString();
        String sooner = Instant.now().plus(Duration.ofHours(1)).toString();
        return Stream.of(
                Arguments.of("\"countdown\":-1", "countdown"),
                Arguments.of("\"countdown\":1e400", "countdown"),
                Arguments.of("\"countdown\":99999999999999999999999", "countdown"),
                Arguments.of("\"countdown\":\"60\"", "countdown"),
                Arguments.of("\"countdown\":true", "countdown"),
                Arguments.of("\"countdown\":[60]", "countdown"),
                Arguments.of("\"countdown\":60,\"eta\":\"" + future + "\"", "eta"),
                Arguments.of("\"eta\":\"tomorrow\"", "eta"),
                Arguments.of("\"eta\":\"2026-12-31T23:00:00\"", "eta"),
                Arguments.of("\"eta\":\"2026-12-31T23:00:00Z\\u0000\"", "eta"),
                Arguments.of("\"eta\":\"+999999999-12-31T23:59:59Z\"", "eta"),
                Arguments.of("\"eta\":1767222000", "eta"),
                Arguments.of("\"eta\":\"2099-01-01T00:00:00Z\"", "eta"),
                Arguments.of("\"expires\":0", "expires"),
                Arguments.of("\"expires\":-5", "expires"),
                Arguments.of("\"expires\":{\"in\":5}", "expires"),
                Arguments.of("\"expires\":\"2020-01-01T00:00:00Z\"", "expires"),
                Arguments.of("\"expires\":\"\\u0000\"", "expires"),
                Arguments.of("\"countdown\":120,\"expires\":60", "expires"),
                Arguments.of("\"eta\":\"" + future + "\",\"expires\":\"" + sooner + "\"", "expires"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTimings")
    void a_wrong_countdown_eta_or_expires_is_422_naming_the_field_and_nothing_is_stored(String timing, String field)
            throws Exception {
        String marker = UUID.randomUUID().toString();

        HttpResponse<String> answer = send("POST", "/api/v1/jobs", job(marker, timing));
        HttpResponse<String> batch = send("POST", "/api/v1/jobs:batch", "{\"jobs\":[" + job(marker, timing) + "]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        List<String> fields = JSON.readTree(answer.body()).get("errors").findValuesAsString("field");
        assertThat(fields).contains(field);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(422);
        assertThat(stored(marker)).isZero();
    }

    @Test
    void a_countdown_job_waits_in_postgresql_unpublished_while_a_later_job_without_one_is_dispatched()
            throws Exception {
        String marker = UUID.randomUUID().toString();
        Instant before = Instant.now();
        UUID delayed = taskId(send("POST", "/api/v1/jobs", job(marker, "\"countdown\":3600,\"expires\":7200")));
        UUID prompt = taskId(send("POST", "/api/v1/jobs", job(marker, "")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(JobRows.job(prompt).status()).isEqualTo("QUEUED"));
        JobRows.JobRow row = JobRows.job(delayed);
        assertThat(row.status()).isEqualTo("PENDING");
        assertThat(row.publishedAt()).as("never sent to Kafka").isNull();
        JsonNode status = status(delayed);
        Instant eta = Instant.parse(status.get("eta").asString());
        assertThat(eta).isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3600));
        assertThat(row.dispatchAfter())
                .as("the dispatcher's sweep publishes it at its eta")
                .isEqualTo(eta);
        assertThat(Instant.parse(status.get("expires_at").asString())).isAfter(eta);
        assertThat(status.get("redrive_count").asInt()).isZero();
    }

    @Test
    void a_delayed_job_whose_eta_has_come_is_published_by_the_dispatcher() throws Exception {
        UUID id = taskId(send("POST", "/api/v1/jobs", job(UUID.randomUUID().toString(), "\"countdown\":3600")));
        assertThat(JobRows.job(id).status()).isEqualTo("PENDING");

        // Its time comes: what the clock would do in an hour.
        jdbc.update(
                "UPDATE jobs SET dispatch_after = now() - interval '1 second', next_attempt_at = now() WHERE id = ?",
                id);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(JobRows.job(id).status()).isEqualTo("QUEUED"));
    }

    @Test
    void an_eta_in_the_past_runs_at_once_and_a_batch_carries_delays_per_job() throws Exception {
        String marker = UUID.randomUUID().toString();
        UUID past = taskId(send("POST", "/api/v1/jobs", job(marker, "\"eta\":\"2020-01-01T00:00:00+02:00\"")));
        HttpResponse<String> batch = send(
                "POST",
                "/api/v1/jobs:batch",
                "{\"jobs\":[" + job(marker, "\"countdown\":600") + "," + job(marker, "") + "]}");

        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        JsonNode results = JSON.readTree(batch.body()).get("results");
        UUID batchDelayed = UUID.fromString(results.get(0).get("task_id").asString());
        UUID batchPrompt = UUID.fromString(results.get(1).get("task_id").asString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(JobRows.job(past).status()).isEqualTo("QUEUED");
            assertThat(JobRows.job(batchPrompt).status()).isEqualTo("QUEUED");
        });
        assertThat(JobRows.job(batchDelayed).status()).isEqualTo("PENDING");
        assertThat(status(past).get("eta").asString()).isEqualTo("2019-12-31T22:00:00Z");
        assertThat(status(batchDelayed).get("eta").isNull()).isFalse();
    }

    @Test
    void a_replay_of_a_countdown_submission_under_its_idempotency_key_is_the_same_request() throws Exception {
        String body = job(UUID.randomUUID().toString(), "\"countdown\":60,\"expires\":120");
        String key = "countdown-" + UUID.randomUUID();

        HttpResponse<String> first = send("POST", "/api/v1/jobs", body, "Idempotency-Key", key);
        HttpResponse<String> replay = send("POST", "/api/v1/jobs", body, "Idempotency-Key", key);
        HttpResponse<String> different = send(
                "POST", "/api/v1/jobs", body.replace("\"countdown\":60", "\"countdown\":61"), "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(taskId(replay)).isEqualTo(taskId(first));
        assertThat(different.statusCode()).isEqualTo(422);
    }

    @Test
    void a_job_whose_expiry_passes_while_it_waits_ends_revoked_expired_and_never_starts() throws Exception {
        // No worker consumes this api-gateway's queue: the job waits QUEUED until the sweep ends it.
        UUID id = taskId(send("POST", "/api/v1/jobs", job(UUID.randomUUID().toString(), "\"expires\":1")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(JobRows.job(id).status()).isEqualTo("REVOKED"));
        JsonNode status = status(id);
        assertThat(status.get("revoke_reason").asString()).isEqualTo("expired");
        assertThat(status.get("started_at").isNull()).isTrue();
        assertThat(status.get("finished_at").isNull()).isFalse();
        assertThat(JobRows.attempts(id)).as("never started: no attempt").isEmpty();
    }

    @Test
    void the_sweep_ends_expired_jobs_waiting_in_pending_queued_and_retry_but_not_running_or_unexpired_ones() {
        Map<JobStatus, JobFixture> jobs = new java.util.EnumMap<>(JobStatus.class);
        for (JobStatus status : List.of(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RETRY, JobStatus.STARTED)) {
            JobFixture job = aJob().status(status).insert();
            jdbc.update(
                    "UPDATE jobs SET expires_at = ?, next_attempt_at = now() + interval '1 hour',"
                            + " lease_expires_at = now() + interval '1 hour' WHERE id = ?",
                    Timestamp.from(Instant.now().minusSeconds(1)),
                    job.id());
            jobs.put(status, job);
        }
        JobFixture later = aJob().insert();
        jdbc.update("UPDATE jobs SET expires_at = now() + interval '1 hour' WHERE id = ?", later.id());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (JobStatus waiting : List.of(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RETRY)) {
                assertThat(JobRows.job(jobs.get(waiting).id()).status())
                        .as(waiting.name())
                        .isEqualTo("REVOKED");
            }
        });
        assertThat(JobRows.job(jobs.get(JobStatus.STARTED).id()).status())
                .as("a started job runs to its end; expiry is about starting")
                .isEqualTo("STARTED");
        assertThat(JobRows.job(later.id()).status()).isEqualTo("PENDING");
        String reason = jdbc.queryForObject(
                "SELECT revoke_reason FROM jobs WHERE id = ?",
                String.class,
                jobs.get(JobStatus.RETRY).id());
        assertThat(reason).isEqualTo("expired");
    }

    private static UUID taskId(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return UUID.fromString(JSON.readTree(response.body()).get("task_id").asString());
    }

    private static JsonNode status(UUID id) throws Exception {
        return JSON.readTree(
                send("GET", "/api/v1/admin/tasks/" + id + "/status", null).body());
    }
}
