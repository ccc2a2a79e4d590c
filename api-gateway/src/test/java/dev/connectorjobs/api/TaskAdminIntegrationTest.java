package dev.connectorjobs.api;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Revoke, idempotency, listings, workers and the reaper, over HTTP on real PostgreSQL and Kafka. */
class TaskAdminIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static ConfigurableApplicationContext api;
    static String base;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startApi() {
        api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs("server.port=0", "jobs.api.reaper.interval=200ms"));
        base = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
        jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

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

    @Test
    void the_task_list_pages_newest_first_with_a_cursor_and_filters() throws Exception {
        String connector = "diagnostics";
        Instant since = Instant.now().minusMillis(1);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Newest first is the order of creation milliseconds; jobs of one millisecond have no order.
            ids.add(aJob().status(JobStatus.FAILURE)
                    .createdAt(since.plusMillis(1 + i))
                    .insert()
                    .id());
        }

        Set<String> seen = new HashSet<>();
        String cursor = null;
        List<String> order = new ArrayList<>();
        do {
            String query = "/api/v1/admin/tasks?status=failure&connector=" + connector + "&since=" + since + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = JSON.readTree(send("GET", query, null).body());
            page.get("tasks").forEach(t -> {
                assertThat(seen.add(t.get("task_id").asString())).isTrue();
                order.add(t.get("task_id").asString());
                assertThat(t.get("status").asString()).isEqualTo("FAILURE");
            });
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asString();
        } while (cursor != null);

        assertThat(order)
                .containsExactlyElementsOf(
                        ids.reversed().stream().map(UUID::toString).toList());
    }

    @Test
    void since_and_until_bound_the_list_by_creation_time_exactly() throws Exception {
        Instant base = Instant.parse("2025-03-01T10:00:00Z");
        String connector = "list-window-" + UUID.randomUUID();
        UUID before = aJob().connector(connector)
                .createdAt(base.minusNanos(1_000))
                .insert()
                .id();
        UUID first = aJob().connector(connector).createdAt(base).insert().id();
        UUID inside = aJob().connector(connector)
                .createdAt(base.plusMillis(500))
                .insert()
                .id();
        UUID last = aJob().connector(connector)
                .createdAt(base.plusSeconds(1).minusNanos(1_000))
                .insert()
                .id();
        UUID atUntil = aJob().connector(connector)
                .createdAt(base.plusSeconds(1))
                .insert()
                .id();

        JsonNode page = JSON.readTree(send(
                        "GET",
                        "/api/v1/admin/tasks?connector=" + connector + "&since=" + base + "&until="
                                + base.plusSeconds(1),
                        null)
                .body());

        List<String> listed = new ArrayList<>();
        page.get("tasks").forEach(t -> listed.add(t.get("task_id").asString()));
        assertThat(listed).containsExactly(last.toString(), inside.toString(), first.toString());
        assertThat(listed).doesNotContain(before.toString(), atUntil.toString());
    }

    @Test
    void a_cursor_of_the_earlier_form_with_a_creation_time_still_pages_on() throws Exception {
        String connector = "list-cursor-" + UUID.randomUUID();
        Instant base = Instant.now().minusSeconds(60);
        UUID older = aJob().connector(connector).createdAt(base).insert().id();
        UUID newer = aJob().connector(connector)
                .createdAt(base.plusMillis(5))
                .insert()
                .id();
        String earlierForm = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((base.plusMillis(5) + "|" + newer).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        JsonNode page =
                JSON.readTree(send("GET", "/api/v1/admin/tasks?connector=" + connector + "&cursor=" + earlierForm, null)
                        .body());

        assertThat(page.get("tasks")).hasSize(1);
        assertThat(page.get("tasks").get(0).get("task_id").asString()).isEqualTo(older.toString());
    }

    @Test
    void bad_list_parameters_are_400_problems() throws Exception {
        assertThat(send("GET", "/api/v1/admin/tasks?since=%2B20000-01-01T00:00:00Z", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?until=-0001-01-01T00:00:00Z", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?status=DONE", null).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?since=yesterday", null).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?cursor=bm90LWEtY3Vyc29y", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?limit=100000", null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void workers_are_listed_as_active_stale_or_stopped_and_running_jobs_grouped_under_them() throws Exception {
        String live = "live-" + UUID.randomUUID();
        String stale = "stale-" + UUID.randomUUID();
        String stopped = "stopped-" + UUID.randomUUID();
        registerWorker(live, Instant.now(), null);
        registerWorker(stale, Instant.now().minusSeconds(600), null);
        registerWorker(stopped, Instant.now().minusSeconds(5), Instant.now());
        JobFixture running = aJob().operation("sleep").param("ms", 1000).insert();
        jdbc.update(
                "UPDATE jobs SET status = 'STARTED', worker_id = ?, started_at = now(), lease_expires_at = now() +"
                        + " interval '1 hour' WHERE id = ?",
                live,
                running.id());

        JsonNode workers =
                JSON.readTree(send("GET", "/api/v1/admin/workers", null).body());
        JsonNode active =
                JSON.readTree(send("GET", "/api/v1/admin/tasks/active", null).body());

        assertThat(stateOf(workers, live)).isEqualTo("active");
        assertThat(stateOf(workers, stale)).isEqualTo("stale");
        assertThat(stateOf(workers, stopped)).isEqualTo("stopped");
        JsonNode group = null;
        for (JsonNode w : active.get("workers")) {
            if (w.get("worker_id").asString().equals(live)) {
                group = w;
            }
        }
        assertThat(group).isNotNull();
        assertThat(group.get("host").asString()).isEqualTo("host-" + live);
        assertThat(group.get("pid").asLong()).isEqualTo(4242);
        assertThat(group.get("stale").asBoolean()).isFalse();
        assertThat(group.get("tasks").get(0).get("task_id").asString())
                .isEqualTo(running.id().toString());
        assertThat(group.get("tasks").get(0).get("runtime_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(active.get("total").asInt()).isGreaterThanOrEqualTo(1);
    }

    private static String stateOf(JsonNode workers, String id) {
        for (JsonNode w : workers.get("workers")) {
            if (w.get("worker_id").asString().equals(id)) {
                return w.get("state").asString();
            }
        }
        throw new AssertionError("worker " + id + " not listed");
    }

    private static void registerWorker(String id, Instant heartbeat, Instant stoppedAt) {
        jdbc.update(
                "INSERT INTO workers (id, host, pid, queues, concurrency, started_at, last_heartbeat, stopped_at)"
                        + " VALUES (?, ?, 4242, '{default}', 4, ?, ?, ?)",
                id,
                "host-" + id,
                Timestamp.from(heartbeat),
                Timestamp.from(heartbeat),
                stoppedAt == null ? null : Timestamp.from(stoppedAt));
    }

    @Test
    void a_job_whose_worker_lost_its_lease_is_retried_without_spending_a_retry() {
        JobFixture job = aJob().operation("sleep").param("ms", 1000).insert();
        startedWithExpiredLease(job.id(), "gone-worker", 0);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !JobRows.job(job.id()).status().equals("STARTED"));

        JobRows.JobRow row = JobRows.job(job.id());
        assertThat(row.status()).isIn("RETRY", "PENDING", "QUEUED");
        assertThat(row.retriesUsed()).isZero();
        assertThat(JobRows.attempts(job.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("WORKER_LOST");
            assertThat(a.errorType()).isEqualTo("WorkerLost");
            assertThat(a.workerId()).isEqualTo("gone-worker");
        });
    }

    @Test
    void a_job_that_lost_its_worker_three_times_in_a_row_fails_as_a_poison_job() {
        JobFixture job = aJob().operation("sleep").param("ms", 1000).insert();
        startedWithExpiredLease(job.id(), "gone-worker", 2);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> JobRows.job(job.id()).status().equals("FAILURE"));

        assertThat(JobRows.job(job.id()).errorType()).isEqualTo("PoisonJob");
    }

    private static void startedWithExpiredLease(UUID id, String worker, int lostBefore) {
        jdbc.update(
                "UPDATE jobs SET status = 'STARTED', worker_id = ?, started_at = now() - interval '1 minute',"
                        + " lease_expires_at = now() - interval '1 second', lost_count = ? WHERE id = ?",
                worker,
                lostBefore,
                id);
    }

    @Test
    void the_retention_sweep_removes_only_finished_jobs_older_than_the_retention_period() {
        Instant monthAgo = Instant.now().minus(java.time.Duration.ofDays(31));
        JobFixture old = aJob().status(JobStatus.SUCCESS).createdAt(monthAgo).insert();
        JobFixture recent = aJob().status(JobStatus.SUCCESS).insert();
        JobFixture oldButRunning =
                aJob().status(JobStatus.STARTED).createdAt(monthAgo).insert();
        JobFixture oldButFinishedLately =
                aJob().status(JobStatus.FAILURE).createdAt(monthAgo).insert();
        jdbc.update(
                "UPDATE jobs SET finished_at = now() - interval '30 days' WHERE id IN (?, ?)",
                old.id(),
                oldButRunning.id());
        jdbc.update(
                "UPDATE jobs SET finished_at = now() - interval '1 hour' WHERE id IN (?, ?)",
                recent.id(),
                oldButFinishedLately.id());
        jdbc.update(
                "INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, duration_ms)"
                        + " VALUES (?, 1, 'w', now(), now(), 'SUCCESS', 1)",
                old.id());

        long deleted = api.getBean(dev.connectorjobs.api.recovery.RetentionSweeper.class)
                .sweep();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(JobRows.count(old.id())).isZero();
        assertThat(JobRows.attempts(old.id())).isEmpty();
        assertThat(JobRows.count(recent.id())).isEqualTo(1);
        assertThat(JobRows.count(oldButRunning.id())).isEqualTo(1);
        assertThat(JobRows.count(oldButFinishedLately.id())).isEqualTo(1);
    }
}
