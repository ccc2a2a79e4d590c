package dev.connectorjobs.e2e;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.AttemptRow;
import dev.connectorjobs.worker.execution.JobRunner;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api-gateway and a worker together, over HTTP, on a real PostgreSQL and a real KRaft broker:
 * the whole path from submission to result.
 */
class EndToEndTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every job the worker started: the ledger that proves "never runs". */
    static final Set<UUID> STARTED = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static ApiClient client;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        client = system.startApi(
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.api.dispatch.publish-grace=2s",
                "jobs.api.dispatch.confirm-interval=200ms");
        worker = system.startWorker(
                job -> STARTED.add(job.id()), "jobs.worker.id=e2e-worker", "jobs.worker.retry.base=300ms");
    }

    static JsonNode awaitTerminal(String id) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(client.status(id).get("status").asString())
                        .as(() -> "job " + JobRows.job(UUID.fromString(id)) + " attempts "
                                + JobRows.attempts(UUID.fromString(id)))
                        .isIn("SUCCESS", "FAILURE", "REVOKED"));
        try {
            return client.status(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_echo_job_submitted_over_http_succeeds_with_its_params_as_result() throws Exception {
        String id = client.submit(
                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"hello\":\"world\"}}");

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
        String id = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"fail\",\"params\":{\"times\":2}}");

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
        String id = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"fail\",\"params\":{\"times\":-1,"
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
        String id = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":30000}}");
        UUID jobId = UUID.fromString(id);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> runner.runningJobIds().contains(jobId));

        long before = System.nanoTime();
        HttpResponse<String> revoked =
                client.send("POST", "/api/v1/admin/tasks/" + id + "/revoke", "{\"reason\":\"test\"}");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(client.status(id).get("status").asString()).isEqualTo("REVOKED");
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> !runner.runningJobIds().contains(jobId));
        long stoppedMs = (System.nanoTime() - before) / 1_000_000;
        System.out.println("MEASURE revoke-to-stop " + stoppedMs + " ms");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(JobRows.attempts(jobId))
                        .singleElement()
                        .satisfies(a -> assertThat(a.outcome()).isEqualTo("REVOKED")));
        assertThat(client.status(id).get("status").asString()).isEqualTo("REVOKED");
    }

    @Test
    void a_job_revoked_before_it_starts_never_runs() throws Exception {
        JobFixture job = aJob().operation("sleep").param("ms", 10).insert();
        assertThat(client.send("POST", "/api/v1/admin/tasks/" + job.id() + "/revoke", null)
                        .statusCode())
                .isEqualTo(200);

        job.publish();
        String marker = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\"}");
        awaitTerminal(marker);

        assertThat(STARTED).doesNotContain(job.id());
        assertThat(JobRows.attempts(job.id())).isEmpty();
        assertThat(client.status(job.id().toString()).get("status").asString()).isEqualTo("REVOKED");
    }

    @Test
    void the_active_list_shows_a_running_job_under_its_worker_with_host_and_pid() throws Exception {
        String id = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":3000}}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.status(id).get("status").asString().equals("STARTED"));

        JsonNode active = client.get("/api/v1/admin/tasks/active");

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
        ConfigurableApplicationContext second = system.startWorker("jobs.worker.id=e2e-short-lived");
        assertThat(workerState("e2e-short-lived")).isEqualTo("active");

        second.close();

        assertThat(workerState("e2e-short-lived")).isEqualTo("stopped");
    }

    private static String workerState(String workerId) throws Exception {
        for (JsonNode w : client.get("/api/v1/admin/workers").get("workers")) {
            if (w.get("worker_id").asString().equals(workerId)) {
                return w.get("state").asString();
            }
        }
        return "unknown";
    }
}
