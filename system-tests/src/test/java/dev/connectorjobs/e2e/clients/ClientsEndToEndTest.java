package dev.connectorjobs.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.cli.JobsCli;
import dev.connectorjobs.client.BatchSubmitted;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java client and the {@code jobs} tool against the real stack (embedded PostgreSQL, a KRaft
 * broker, the api-gateway and a worker): results, exit codes, and a 10,000-line batch that is safe
 * to rerun after being killed halfway. The batch runs last, so that its 10,000 jobs do not queue
 * ahead of the others' jobs on the one worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(Integer.MAX_VALUE)
    void a_batch_of_10000_lines_completes_and_a_rerun_after_killing_it_halfway_creates_no_duplicates()
            throws Exception {
        Path file = dir.resolve("echo.ndjson");
        Files.write(
                file,
                IntStream.range(0, 10_000)
                        .mapToObj(i ->
                                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"n\":" + i + "}}")
                        .toList());
        Process killed = startBatchProcess(file);
        await().atMost(Duration.ofSeconds(120)).until(() -> batchJobs() >= 2_000 || !killed.isAlive());
        killed.destroyForcibly().waitFor();
        long beforeRerun = batchJobs();
        assertThat(beforeRerun).as("killed halfway").isBetween(2_000L, 9_999L);

        Cli rerun = Cli.run(env, "batch", file.toString(), "--json");

        assertThat(rerun.exit()).as(rerun.out() + rerun.err()).isZero();
        JsonNode summary = JSON.readTree(rerun.out());
        assertThat(summary.get("lines").asLong()).isEqualTo(10_000);
        assertThat(summary.get("created").asLong() + summary.get("existing").asLong())
                .isEqualTo(10_000);
        assertThat(summary.get("existing").asLong())
                .as("every line the killed run got stored")
                .isGreaterThanOrEqualTo(beforeRerun);
        assertThat(rerun.err()).contains("[##############################] 10000/10000 100%");
        assertThat(batchJobs()).isEqualTo(10_000L);
        assertThat(jdbc().queryForObject(
                                "SELECT count(DISTINCT params->>'n') FROM jobs WHERE idempotency_key LIKE 'ndjson-%'",
                                Long.class))
                .isEqualTo(10_000L);
    }

    /** {@code java -cp <this class path> JobsCli batch FILE} as a process of its own, which the test kills. */
    private Process startBatchProcess(Path file) throws Exception {
        ProcessBuilder command = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        JobsCli.class.getName(),
                        "batch",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("batch.log").toFile());
        command.environment().putAll(env);
        Process process = command.start();
        system.closeAfterwards(process::destroyForcibly);
        return process;
    }

    private static long batchJobs() {
        Long n = jdbc().queryForObject("SELECT count(*) FROM jobs WHERE idempotency_key LIKE 'ndjson-%'", Long.class);
        return n == null ? 0 : n;
    }

    private static JdbcTemplate jdbc() {
        return new JdbcTemplate(TestDatabase.get().dataSource());
    }

    @Test
    void operators_see_running_tasks_workers_and_breakers_and_revoke_a_running_task() throws Exception {
        String id = client.submit(JobRequest.of("diagnostics", "sleep", Map.of("ms", 60_000)))
                .taskId()
                .toString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.status(UUID.fromString(id)).status().equals("STARTED"));

        Cli active = Cli.run(env, "active");
        Cli workers = Cli.run(env, "workers");
        Cli breakers = Cli.run(env, "breakers");
        Cli reset = Cli.run(env, "breaker", "reset", "external_api");
        Cli revoke = Cli.run(env, "revoke", id, "--reason", "operator test");
        Cli waited = Cli.run(env, "wait", id, "--timeout", "30s");
        Cli listed = Cli.run(env, "list", "--status", "REVOKED", "--json");

        assertThat(active.out()).contains(id).contains("diagnostics sleep").contains("clients-e2e");
        assertThat(workers.out()).contains("clients-e2e").contains("active");
        assertThat(breakers.out()).contains("BREAKER").contains("external_api");
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("reset external_api: applied by");
        assertThat(revoke.out()).contains("Revoked " + id + " (was STARTED)");
        assertThat(waited.exit()).as("a revoked job").isEqualTo(1);
        assertThat(waited.out()).contains("REVOKED");
        assertThat(listed.out()).contains(id);
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
        Instant before = Instant.now().minusSeconds(1);
        BatchSubmitted batch = client.submitBatch(IntStream.range(0, 5)
                .mapToObj(i -> JobRequest.of("diagnostics", "echo", Map.of("i", i)))
                .toList());
        List<UUID> listed = client.stream(
                        TaskQuery.all().connector("diagnostics").since(before).pageSize(2))
                .map(TaskSummary::taskId)
                .collect(Collectors.toList());
        assertThat(batch.accepted()).isEqualTo(5);
        assertThat(listed)
                .doesNotHaveDuplicates()
                .containsAll(batch.results().stream().map(r -> r.taskId()).toList());
    }
}
