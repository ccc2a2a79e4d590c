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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api-gateway and a worker together, over HTTP, on a real PostgreSQL and a real KRaft broker:
 * the whole path from submission to result.
 */
class EndToEndTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static ConfigurableApplicationContext api;
    static ConfigurableApplicationContext worker;
    static String base;

    @BeforeAll
    static void start() {
        api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.api.dispatch.sweep-interval=100ms",
                        "jobs.api.dispatch.publish-grace=2s"));
        worker = WorkerApplication.application()
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
}
