package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.AttemptRow;
import dev.connectorjobs.testing.JobRows.JobRow;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.testing.TestKafka;
import dev.connectorjobs.worker.execution.AttemptListener;
import dev.connectorjobs.worker.execution.ClaimedJob;
import dev.connectorjobs.worker.execution.JobRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** A real worker against a real PostgreSQL (all migrations) and a real KRaft broker. */
class WorkerIntegrationTest {

    /** Every attempt the worker starts, counted per job: the ledger that proves "runs once". */
    static final Map<UUID, AtomicInteger> STARTS = new ConcurrentHashMap<>();

    static final JsonMapper JSON = JsonMapper.builder().build();

    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void startWorker() {
        worker = WorkerApplication.application()
                .initializers(ctx -> ((GenericApplicationContext) ctx)
                        .registerBean(AttemptListener.class, () -> WorkerIntegrationTest::recordStart))
                .run(TestInfrastructure.springArgs(
                        "jobs.worker.id=it-worker",
                        "jobs.worker.concurrency=8",
                        "jobs.worker.retry.base=200ms",
                        "jobs.worker.heartbeat-interval=300ms",
                        "jobs.worker.max-stuck-threads=0",
                        "server.port=0"));
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    static int readiness() throws Exception {
        return actuator("health/readiness").statusCode();
    }

    static int liveness() throws Exception {
        return actuator("health/liveness").statusCode();
    }

    static java.net.http.HttpResponse<String> actuator(String path) throws Exception {
        String port = worker.getEnvironment().getProperty("local.server.port");
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/actuator/" + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static void recordStart(ClaimedJob job) {
        STARTS.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
    }

    private static JobRow awaitStatus(UUID id, JobStatus status) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(JobRows.job(id).status()).isEqualTo(status.name()));
        return JobRows.job(id);
    }

    @Test
    void echo_job_succeeds_with_its_params_as_result() {
        JobFixture job =
                aJob().param("greeting", "hello").param("n", 3).insert().publish();

        JobRow row = awaitStatus(job.id(), JobStatus.SUCCESS);

        assertThat(JSON.readValue(row.result(), Map.class)).isEqualTo(Map.of("greeting", "hello", "n", 3));
        assertThat(row.workerId()).isEqualTo("it-worker");
        assertThat(JobRows.attempts(job.id()))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("SUCCESS"));
    }

    @Test
    void a_job_whose_expiry_passed_while_it_waited_is_ended_revoked_expired_at_the_claim_and_never_starts() {
        JobFixture expired = aJob().param("n", 1).insert();
        JobFixture current = aJob().param("n", 2).insert();
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
        jdbc.update("UPDATE jobs SET expires_at = now() - interval '1 second' WHERE id = ?", expired.id());
        jdbc.update("UPDATE jobs SET expires_at = now() + interval '1 hour' WHERE id = ?", current.id());

        // No api-gateway (and so no expiry sweep) runs here: the worker's claim ends the expired job.
        expired.publish();
        current.publish();

        awaitStatus(current.id(), JobStatus.SUCCESS);
        JobRow row = awaitStatus(expired.id(), JobStatus.REVOKED);
        assertThat(jdbc.queryForObject("SELECT revoke_reason FROM jobs WHERE id = ?", String.class, expired.id()))
                .isEqualTo("expired");
        assertThat(row.workerId()).as("never claimed").isNull();
        assertThat(JobRows.attempts(expired.id()))
                .as("never started: no attempt")
                .isEmpty();
        assertThat(STARTS).doesNotContainKey(expired.id());
        assertThat(STARTS.get(current.id())).hasValue(1);
    }

    @Test
    void records_of_both_envelope_versions_run_their_jobs_with_the_params_of_the_row() {
        JobFixture full = aJob().param("shape", "full").insert();
        JobFixture slim = aJob().param("shape", "slim").insert();

        // As the version 1 api-gateway wrote it; its params differ from the row's, which must win.
        TestKafka.send(rawRecord(full.id(), """
                {"v":1,"job_id":"%s","attempt":1,"queue":"default","connector":"diagnostics","operation":"echo",\
                "params":{"shape":"from-the-record"},"timeout_seconds":120,"correlation_id":"test-%1$s",\
                "enqueued_at":"2026-11-28T10:00:00Z"}""".formatted(full.id())));
        TestKafka.send(rawRecord(slim.id(), """
                {"v":2,"job_id":"%s","attempt":1}""".formatted(slim.id())));

        assertThat(JSON.readValue(awaitStatus(full.id(), JobStatus.SUCCESS).result(), Map.class))
                .isEqualTo(Map.of("shape", "full"));
        assertThat(JSON.readValue(awaitStatus(slim.id(), JobStatus.SUCCESS).result(), Map.class))
                .isEqualTo(Map.of("shape", "slim"));
    }

    private static ProducerRecord<String, byte[]> rawRecord(UUID id, String value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.queueTopic(Topics.DEFAULT_QUEUE), id.toString(), value.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.CORRELATION_ID, ("test-" + id).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void a_record_delivered_twice_runs_the_job_once() {
        JobFixture job = aJob().operation("sleep").param("ms", 300).insert();
        job.publish();
        job.publish();

        awaitStatus(job.id(), JobStatus.SUCCESS);
        // A third delivery after the job finished must not run it either.
        job.publish();
        JobFixture marker = aJob().insert().publish();
        awaitStatus(marker.id(), JobStatus.SUCCESS);

        assertThat(STARTS.get(job.id())).hasValue(1);
        assertThat(JobRows.attempts(job.id())).hasSize(1);
    }

    @Test
    void a_record_for_a_revoked_job_never_starts_it() {
        JobFixture job = aJob().status(JobStatus.REVOKED).insert().publish();
        JobFixture marker = aJob().insert().publish();

        awaitStatus(marker.id(), JobStatus.SUCCESS);

        assertThat(STARTS).doesNotContainKey(job.id());
        assertThat(JobRows.job(job.id()).status()).isEqualTo("REVOKED");
    }

    @Test
    void a_record_of_a_stale_attempt_is_skipped() {
        JobFixture job = aJob().attempt(2).insert().publishAttempt(1);
        JobFixture marker = aJob().insert().publish();

        awaitStatus(marker.id(), JobStatus.SUCCESS);

        assertThat(STARTS).doesNotContainKey(job.id());
        assertThat(JobRows.job(job.id()).status()).isEqualTo("PENDING");
    }

    @Test
    void a_retryable_failure_waits_in_retry_with_its_next_attempt_time() {
        JobFixture job = aJob().operation("fail")
                .param("times", 1)
                .param("message", "flaky")
                .insert()
                .publish();

        JobRow row = awaitStatus(job.id(), JobStatus.RETRY);

        assertThat(row.retriesUsed()).isEqualTo(1);
        assertThat(row.errorType()).isEqualTo("DiagnosticFailure");
        assertThat(row.errorMessage()).isEqualTo("flaky");
        assertThat(row.nextAttemptAt()).isNotNull();
        assertThat(row.dispatchAfter()).isEqualTo(row.nextAttemptAt());
        List<AttemptRow> attempts = JobRows.attempts(job.id());
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("RETRY");
            assertThat(row.nextAttemptAt()).isAfterOrEqualTo(a.finishedAt().plusMillis(100));
        });
    }

    @Test
    void a_permanent_failure_fails_at_once() {
        JobFixture job = aJob().operation("fail")
                .param("times", -1)
                .param("retryable", false)
                .insert()
                .publish();

        JobRow row = awaitStatus(job.id(), JobStatus.FAILURE);

        assertThat(row.retriesUsed()).isZero();
        assertThat(JobRows.attempts(job.id()))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("FAILURE"));
    }

    @Test
    void a_job_past_its_hard_time_limit_fails_with_time_limit_exceeded() {
        JobFixture job = aJob().operation("sleep")
                .param("ms", 60_000)
                .timeoutSeconds(1)
                .insert()
                .publish();

        JobRow row = awaitStatus(job.id(), JobStatus.FAILURE);

        assertThat(row.errorType()).isEqualTo("TimeLimitExceeded");
        assertThat(JobRows.attempts(job.id())).singleElement().satisfies(a -> {
            assertThat(a.errorType()).isEqualTo("TimeLimitExceeded");
            // The soft limit (a tenth of the 1 s limit earlier) cancels the cancellable sleep.
            assertThat(a.durationMs()).isBetween(800L, 10_000L);
        });
    }

    @Test
    void the_worker_registers_itself_with_its_queues() {
        Integer registered = new org.springframework.jdbc.core.JdbcTemplate(
                        dev.connectorjobs.testing.TestDatabase.get().dataSource())
                .queryForObject(
                        "SELECT count(*) FROM workers WHERE id = 'it-worker' AND stopped_at IS NULL"
                                + " AND 'default' = ANY(queues)",
                        Integer.class);
        assertThat(registered).isEqualTo(1);
    }

    @Test
    void the_worker_serves_its_metrics_to_prometheus_on_its_actuator_port() throws Exception {
        java.net.http.HttpResponse<String> scrape = actuator("prometheus");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("resilience4j_circuitbreaker_state{", "jobs_group_commit_queued{");
    }

    @Test
    void the_late_result_of_a_zombie_attempt_changes_nothing_and_its_thread_counts_as_stuck() throws Exception {
        JobRunner runner = worker.getBean(JobRunner.class);
        JobFixture job = aJob().operation("sleep")
                .param("ms", 2_500)
                .param("ignore_cancel", true)
                .timeoutSeconds(1)
                .insert()
                .publish();

        JobRow failed = awaitStatus(job.id(), JobStatus.FAILURE);
        assertThat(failed.errorType()).isEqualTo("TimeLimitExceeded");
        assertThat(runner.stuckThreads()).isPositive();
        assertThat(readiness()).isEqualTo(503);
        assertThat(liveness()).as("Kubernetes restarts on liveness only").isEqualTo(503);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !runner.runningJobIds().contains(job.id()));
        assertThat(runner.stuckThreads()).isZero();
        assertThat(readiness()).isEqualTo(200);
        assertThat(liveness()).isEqualTo(200);
        JobRow after = JobRows.job(job.id());
        assertThat(after.status()).isEqualTo("FAILURE");
        assertThat(after.errorType()).isEqualTo("TimeLimitExceeded");
        assertThat(after.result()).isNull();
        assertThat(JobRows.attempts(job.id())).hasSize(1);
    }

    @Test
    void a_revocation_missed_by_the_control_topic_is_caught_by_the_heartbeat() {
        JobRunner runner = worker.getBean(JobRunner.class);
        JobFixture job = aJob().operation("sleep").param("ms", 30_000).insert().publish();
        awaitStatus(job.id(), JobStatus.STARTED);

        // Revoked in the database only, as if the control message never arrived.
        new JdbcTemplate(TestDatabase.get().dataSource())
                .update("UPDATE jobs SET status = 'REVOKED', revoke_reason = 'test' WHERE id = ?", job.id());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> !runner.runningJobIds().contains(job.id()));
        assertThat(JobRows.attempts(job.id()))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("REVOKED"));
        assertThat(JobRows.job(job.id()).status()).isEqualTo("REVOKED");
    }

    @Test
    void progress_reported_by_a_job_is_stored() {
        JobFixture job = aJob().operation("sleep").param("ms", 1_500).insert().publish();
        awaitStatus(job.id(), JobStatus.STARTED);
        JobRunner runner = worker.getBean(JobRunner.class);
        await().until(() -> runner.runningJobIds().contains(job.id()));

        // The diagnostics sleep reports no progress itself; report through the running context.
        runner.progressOf(job.id()).ifPresent(ctx -> ctx.progress(3, 10, "three of ten"));

        String progress = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForObject("SELECT progress::text FROM jobs WHERE id = ?", String.class, job.id());
        assertThat(progress)
                .contains("\"current\": 3")
                .contains("\"total\": 10")
                .contains("three of ten");
    }
}
