package dev.connectorjobs.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.JobRequest;
import dev.connectorjobs.client.Statuses;
import dev.connectorjobs.client.Submitted;
import dev.connectorjobs.client.TaskQuery;
import dev.connectorjobs.client.TaskStatus;
import dev.connectorjobs.client.TaskSummary;
import dev.connectorjobs.client.ValidationException;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java client and the {@code jobs} tool against the real stack (embedded PostgreSQL, a KRaft
 * broker, the api-gateway and a worker): results, exit codes, and a 10,000-line batch that is safe
 * to rerun after being stopped halfway.
 */
class ClientsEndToEndTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static Map<String, String> env;
    static ConnectorJobsClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ApiClient api = system.startApi(
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.security.submit-rate-per-second=50000",
                "jobs.security.submit-burst=50000");
        system.startWorker("jobs.worker.id=clients-e2e", "jobs.worker.retry.base=300ms");
        env = Map.of(
                "JOBS_API_URL", api.baseUrl(), "JOBS_API_KEY", TestInfrastructure.ADMIN_KEY, "HOME", "/nonexistent");
        client = ConnectorJobsClient.create(api.baseUrl(), TestInfrastructure.ADMIN_KEY);
    }

    @Test
    void submit_with_wait_prints_the_echo_result_and_exits_0() throws Exception {
        Cli run = Cli.run(env, "submit", "diagnostics", "echo", "--param", "hello=world", "--wait", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode status = JSON.readTree(run.out());
        assertThat(status.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(status.get("result").get("hello").asString()).isEqualTo("world");
    }

    @Test
    void a_job_that_fails_permanently_exits_1_with_its_error() {
        Cli run = Cli.run(
                env,
                "submit",
                "diagnostics",
                "fail",
                "--params-json",
                "{\"times\": -1, \"retryable\": false}",
                "--wait",
                "--timeout",
                "60s");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("FAILURE").contains("error");
    }

    @Test
    void status_of_an_unknown_task_exits_3() {
        Cli run = Cli.run(env, "status", UUID.randomUUID().toString());

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("was ever submitted");
    }

    @Test
    void a_key_the_api_does_not_know_exits_4() {
        Map<String, String> badKey = Map.of("JOBS_API_URL", env.get("JOBS_API_URL"), "JOBS_API_KEY", "not-a-key");

        Cli run = Cli.run(badKey, "list");

        assertThat(run.exit()).isEqualTo(4);
    }

    @Test
    void a_batch_of_10000_lines_completes_and_a_rerun_after_stopping_halfway_creates_no_duplicates() throws Exception {
        List<String> lines = IntStream.range(0, 10_000)
                .mapToObj(i -> "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"n\":" + i + "}}")
                .toList();
        Path file = dir.resolve("echo.ndjson");
        // The run that was killed halfway: it got through the first 5,000 lines.
        Files.write(file, lines.subList(0, 5_000));
        Cli half = Cli.run(env, "batch", file.toString(), "--json");
        assertThat(half.exit()).as(half.err()).isZero();

        Files.write(file, lines);
        Cli whole = Cli.run(env, "batch", file.toString());

        assertThat(whole.exit()).as(whole.out() + whole.err()).isZero();
        assertThat(whole.out()).contains("10000 lines: 5000 created, 5000 already submitted, 0 rejected, 0 failed");
        assertThat(whole.err()).contains("[##############################] 10000/10000 100%");
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs WHERE idempotency_key LIKE 'ndjson-%'", Long.class))
                .isEqualTo(10_000L);
        assertThat(jdbc.queryForObject(
                        "SELECT count(DISTINCT params->>'n') FROM jobs WHERE idempotency_key LIKE 'ndjson-%'",
                        Long.class))
                .isEqualTo(10_000L);
    }

    @Test
    void the_java_client_submits_awaits_replays_by_key_and_reads_statuses_and_pages() {
        JobRequest job = JobRequest.of("diagnostics", "echo", Map.of("from", "java"));
        Submitted first = client.submit(job, "java-client-e2e");
        Submitted again = client.submit(job, "java-client-e2e");

        TaskStatus done = client.await(first.taskId(), Duration.ofSeconds(60));

        assertThat(again.taskId()).isEqualTo(first.taskId());
        assertThat(again.created()).isFalse();
        assertThat(done.status()).isEqualTo("SUCCESS");
        assertThat(done.result().get("from").asString()).isEqualTo("java");
        assertThatThrownBy(() ->
                        client.submit(JobRequest.of("diagnostics", "echo", Map.of("other", 1)), "java-client-e2e"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).fieldErrors())
                        .extracting(f -> f.field())
                        .containsExactly("Idempotency-Key"));
        UUID unknown = UUID.randomUUID();
        Statuses statuses = client.statuses(List.of(first.taskId(), unknown));
        assertThat(statuses.tasks()).extracting(TaskStatus::taskId).containsExactly(first.taskId());
        assertThat(statuses.missing()).containsExactly(unknown);
        List<UUID> listed = client.stream(
                        TaskQuery.all().connector("diagnostics").pageSize(2))
                .limit(5)
                .map(TaskSummary::taskId)
                .collect(Collectors.toList());
        assertThat(listed).hasSize(5).doesNotHaveDuplicates();
    }
}
