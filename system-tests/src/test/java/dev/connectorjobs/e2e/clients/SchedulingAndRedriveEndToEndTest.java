package dev.connectorjobs.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.client.BulkRedriven;
import dev.connectorjobs.client.ConflictException;
import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.JobRequest;
import dev.connectorjobs.client.RedriveFilter;
import dev.connectorjobs.client.Redriven;
import dev.connectorjobs.client.TaskStatus;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delayed, expiring and re-driven jobs through the Java client and the {@code jobs} tool against the
 * real stack (embedded PostgreSQL, a KRaft broker, the api-gateway and one worker with one slot, so
 * that a long job makes the others wait). The api-gateway's expiry sweep is slowed to an hour here:
 * what ends an expired job in these tests is the worker's claim.
 */
class SchedulingAndRedriveEndToEndTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static Map<String, String> env;
    static ConnectorJobsClient client;

    @BeforeAll
    static void start() {
        ApiClient api = system.startApi(
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.api.expiry.interval=1h",
                "jobs.security.submit-rate-per-second=1000",
                "jobs.security.submit-burst=1000");
        system.startWorker(
                "jobs.worker.id=scheduling-e2e", "jobs.worker.concurrency=1", "jobs.worker.retry.base=200ms");
        env = Map.of(
                "JOBS_API_URL", api.baseUrl(), "JOBS_API_KEY", TestInfrastructure.ADMIN_KEY, "HOME", "/nonexistent");
        client = ConnectorJobsClient.create(api.baseUrl(), TestInfrastructure.ADMIN_KEY);
    }

    @Test
    void a_countdown_job_submitted_first_starts_after_a_job_submitted_later_and_not_before_its_eta() {
        UUID delayed = client.submit(JobRequest.of("diagnostics", "echo", Map.of("which", "delayed"))
                        .withCountdown(Duration.ofSeconds(2)))
                .taskId();
        UUID prompt = client.submit(JobRequest.of("diagnostics", "echo", Map.of("which", "prompt")))
                .taskId();

        TaskStatus promptDone = client.await(prompt, Duration.ofSeconds(60));
        TaskStatus delayedDone = client.await(delayed, Duration.ofSeconds(60));

        assertThat(promptDone.status()).isEqualTo("SUCCESS");
        assertThat(delayedDone.status()).isEqualTo("SUCCESS");
        assertThat(delayedDone.eta()).isNotNull();
        assertThat(delayedDone.startedAt())
                .as("the later job ran first; the delayed one did not start before its eta")
                .isAfter(promptDone.startedAt())
                .isAfterOrEqualTo(delayedDone.eta());
    }

    @Test
    void an_expiry_that_passes_while_the_job_waits_behind_a_long_one_ends_it_revoked_expired_never_started() {
        // The worker's one slot is taken for 3 s; the expiring job waits QUEUED behind it.
        UUID busy = client.submit(JobRequest.of("diagnostics", "sleep", Map.of("ms", 3000)))
                .taskId();
        UUID expiring = client.submit(JobRequest.of("diagnostics", "echo").withExpiresIn(Duration.ofMillis(500)))
                .taskId();

        TaskStatus ended = client.await(expiring, Duration.ofSeconds(60));

        assertThat(ended.status()).isEqualTo("REVOKED");
        assertThat(ended.revokeReason()).isEqualTo("expired");
        assertThat(ended.startedAt()).isNull();
        assertThat(JobRows.attempts(expiring))
                .as("never started: no attempt row")
                .isEmpty();
        assertThat(client.await(busy, Duration.ofSeconds(60)).status()).isEqualTo("SUCCESS");
    }

    @Test
    void a_failed_job_re_driven_by_the_client_runs_again_as_a_new_attempt_with_its_history_kept() {
        // Fails its first attempt permanently, then (re-driven) succeeds.
        UUID id = client.submit(JobRequest.of("diagnostics", "fail", Map.of("times", 1, "retryable", false)))
                .taskId();
        assertThat(client.await(id, Duration.ofSeconds(60)).status()).isEqualTo("FAILURE");

        Redriven redriven = client.retry(id, 2);
        TaskStatus done = client.await(id, Duration.ofSeconds(60));

        assertThat(redriven.previousStatus()).isEqualTo("FAILURE");
        assertThat(redriven.attempt()).isEqualTo(2);
        assertThat(done.status()).isEqualTo("SUCCESS");
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(done.attempts()).hasSize(2);
        assertThat(done.attempts().get(0).get("outcome").asString()).isEqualTo("FAILURE");
        assertThat(done.attempts().get(1).get("outcome").asString()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> client.retry(id))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.currentStatus()).isEqualTo("SUCCESS"));
    }

    @Test
    void the_tool_re_drives_by_id_and_in_bulk_and_submits_with_a_countdown_and_expiry() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        UUID first = failedJob();
        UUID second = failedJob();
        UUID third = failedJob();

        Cli one = Cli.run(env, "retry", first.toString(), "--json");
        Cli bulk = Cli.run(
                env,
                "retry",
                "--status",
                "FAILURE",
                "--connector",
                "diagnostics",
                "--since",
                since.toString(),
                "--json");
        Cli submitted = Cli.run(
                env, "submit", "diagnostics", "echo", "--countdown", "1s", "--expires", "10m", "--wait", "--json");

        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(JSON.readTree(one.out()).get("attempt").asInt()).isEqualTo(2);
        assertThat(bulk.exit()).as(bulk.err()).isZero();
        assertThat(JSON.readTree(bulk.out()).get("requeued").asInt())
                .as("the two still failed; the first was re-driven already")
                .isEqualTo(2);
        for (UUID id : new UUID[] {first, second, third}) {
            assertThat(client.await(id, Duration.ofSeconds(60)).status()).isEqualTo("SUCCESS");
        }
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        JsonNode status = JSON.readTree(submitted.out());
        assertThat(status.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(Instant.parse(status.get("started_at").asString()))
                .isAfterOrEqualTo(Instant.parse(status.get("eta").asString()));
        BulkRedriven none = client.retryAll(RedriveFilter.status("REVOKED").operation("no-such-operation"));
        assertThat(none.requeued()).isZero();
        Cli again = Cli.run(env, "retry", first.toString());
        assertThat(again.exit()).as("a SUCCESS is not re-driven (409)").isEqualTo(5);
    }

    private static UUID failedJob() {
        UUID id = client.submit(JobRequest.of("diagnostics", "fail", Map.of("times", 1, "retryable", false)))
                .taskId();
        assertThat(client.await(id, Duration.ofSeconds(60)).status()).isEqualTo("FAILURE");
        return id;
    }
}
