package dev.connectorjobs.e2e;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.AttemptRow;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.worker.WorkerApplication;
import dev.connectorjobs.worker.execution.AttemptListener;
import dev.connectorjobs.worker.execution.JobRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api-gateway and a worker together, over HTTP, on a real PostgreSQL and a real KRaft broker:
 * the whole path from submission to result.
 */
class EndToEndTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Every job the worker started: the ledger that proves "never runs". */
    static final Set<UUID> STARTED = ConcurrentHashMap.newKeySet();

    static ConfigurableApplicationContext api;
    static ConfigurableApplicationContext worker;
    static String base;

    @BeforeAll
    static void start() {
        api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.api.dispatch.sweep-interval=100ms",
                        "jobs.api.dispatch.publish-grace=2s",
                        "jobs.api.dispatch.confirm-interval=200ms"));
        worker = WorkerApplication.application()
                .initializers(ctx -> ((GenericApplicationContext) ctx)
                        .registerBean(AttemptListener.class, () -> job -> STARTED.add(job.id())))
                .run(TestInfrastructure.springArgs(
                        "server.port=0", "jobs.worker.id=e2e-worker", "jobs.worker.retry.base=300ms"));
        base = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (api != null) {
            api.close();
        }
    }

    static String submit(String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("task_id").asString();
    }

    static JsonNode status(String id) throws Exception {
        return JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/tasks/" + id + "/status"))
                                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    static JsonNode awaitTerminal(String id) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status(id).get("status").asString())
                        .as(() -> "job " + JobRows.job(UUID.fromString(id)) + " attempts "
                                + JobRows.attempts(UUID.fromString(id)))
                        .isIn("SUCCESS", "FAILURE", "REVOKED"));
        try {
            return status(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_echo_job_submitted_over_http_succeeds_with_its_params_as_result() throws Exception {
        String id = submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"hello\":\"world\"}}");

        JsonNode status = awaitTerminal(id);

        assertThat(status.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(JSON.treeToValue(status.get("result"), Map.class)).isEqualTo(Map.of("hello", "world"));
        assertThat(status.get("error").isNull()).isTrue();
        assertThat(status.get("worker_id").asString()).isEqualTo("e2e-worker");
        assertThat(status.get("started_at").isNull()).isFalse();
        assertThat(status.get("finished_at").isNull()).isFalse();
    }

    @Test
    void a_job_whose_publication_was_lost_after_commit_still_runs() throws Exception {
        JobFixture job = aJob().param("lost", "after commit")
                .dispatchAfter(Instant.now().minusSeconds(1))
                .insert();

        JsonNode status = awaitTerminal(job.id().toString());

        assertThat(status.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(JobRows.attempts(job.id())).hasSize(1);
    }

    @Test
    void a_job_failing_twice_succeeds_on_its_third_attempt_after_growing_delays() throws Exception {
        String id = submit("{\"connector\":\"diagnostics\",\"operation\":\"fail\",\"params\":{\"times\":2}}");

        JsonNode status = awaitTerminal(id);

        assertThat(status.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(status.get("attempt").asInt()).isEqualTo(3);
        List<AttemptRow> attempts = JobRows.attempts(UUID.fromString(id));
        assertThat(attempts).extracting(AttemptRow::outcome).containsExactly("RETRY", "RETRY", "SUCCESS");
        Duration firstWait =
                Duration.between(attempts.get(0).finishedAt(), attempts.get(1).startedAt());
        Duration secondWait =
                Duration.between(attempts.get(1).finishedAt(), attempts.get(2).startedAt());
        assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(secondWait).isGreaterThan(firstWait);
    }

    @Test
    void a_job_that_always_fails_ends_in_failure_after_max_retries_plus_one_attempts() throws Exception {
        String id = submit("{\"connector\":\"diagnostics\",\"operation\":\"fail\",\"params\":{\"times\":-1,"
                + "\"message\":\"down\"},\"max_retries\":2}");

        JsonNode status = awaitTerminal(id);

        assertThat(status.get("status").asString()).isEqualTo("FAILURE");
        assertThat(status.get("error").asString()).isEqualTo("DiagnosticFailure: down");
        assertThat(JobRows.attempts(UUID.fromString(id)))
                .extracting(AttemptRow::outcome)
                .containsExactly("RETRY", "RETRY", "FAILURE");
    }

    @Test
    void a_running_job_is_revoked_at_once_and_its_thread_stops_within_a_second() throws Exception {
        JobRunner runner = worker.getBean(JobRunner.class);
        String id = submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":30000}}");
        UUID jobId = UUID.fromString(id);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> runner.runningJobIds().contains(jobId));

        long before = System.nanoTime();
        HttpResponse<String> revoked = post("/api/v1/admin/tasks/" + id + "/revoke", "{\"reason\":\"test\"}");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(status(id).get("status").asString()).isEqualTo("REVOKED");
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> !runner.runningJobIds().contains(jobId));
        long stoppedMs = (System.nanoTime() - before) / 1_000_000;
        System.out.println("MEASURE revoke-to-stop " + stoppedMs + " ms");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(JobRows.attempts(jobId))
                        .singleElement()
                        .satisfies(a -> assertThat(a.outcome()).isEqualTo("REVOKED")));
        assertThat(status(id).get("status").asString()).isEqualTo("REVOKED");
    }

    @Test
    void a_job_revoked_before_it_starts_never_runs() throws Exception {
        JobFixture job = aJob().operation("sleep").param("ms", 10).insert();
        assertThat(post("/api/v1/admin/tasks/" + job.id() + "/revoke", null).statusCode())
                .isEqualTo(200);

        job.publish();
        String marker = submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\"}");
        awaitTerminal(marker);

        assertThat(STARTED).doesNotContain(job.id());
        assertThat(JobRows.attempts(job.id())).isEmpty();
        assertThat(status(job.id().toString()).get("status").asString()).isEqualTo("REVOKED");
    }

    @Test
    void the_active_list_shows_a_running_job_under_its_worker_with_host_and_pid() throws Exception {
        String id = submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":3000}}");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(id).get("status").asString().equals("STARTED"));

        JsonNode active = get("/api/v1/admin/tasks/active");

        JsonNode mine = null;
        for (JsonNode w : active.get("workers")) {
            if (w.get("worker_id").asString().equals("e2e-worker")) {
                mine = w;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(mine.get("host").asString()).isNotBlank();
        assertThat(mine.get("stale").asBoolean()).isFalse();
        List<String> tasks = new java.util.ArrayList<>();
        mine.get("tasks").forEach(t -> tasks.add(t.get("task_id").asString()));
        assertThat(tasks).contains(id);
        awaitTerminal(id);
    }

    @Test
    void a_stopped_worker_is_listed_as_stopped() throws Exception {
        ConfigurableApplicationContext second = WorkerApplication.application()
                .run(TestInfrastructure.springArgs("server.port=0", "jobs.worker.id=e2e-short-lived"));
        assertThat(workerState("e2e-short-lived")).isEqualTo("active");

        second.close();

        assertThat(workerState("e2e-short-lived")).isEqualTo("stopped");
    }

    private static String workerState(String workerId) throws Exception {
        for (JsonNode w : get("/api/v1/admin/workers").get("workers")) {
            if (w.get("worker_id").asString().equals(workerId)) {
                return w.get("state").asString();
            }
        }
        return "unknown";
    }

    static JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
