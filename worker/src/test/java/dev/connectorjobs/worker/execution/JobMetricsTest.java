package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.worker.execution.ClaimedJobs.aClaimedJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the worker counts and times for each attempt, by how it ended. */
class JobMetricsTest {

    private static final String WORKER = "job-metrics-test";
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobMetrics metrics = new JobMetrics(registry);
    private final ClaimedJob job = aClaimedJob()
            .startedAt(STARTED)
            .createdAt(STARTED.minusSeconds(60))
            .eligibleAt(STARTED.minusSeconds(7))
            .build();

    @Test
    void a_started_attempt_counts_and_records_its_wait_since_it_became_eligible() {
        metrics.attemptStarted(job);

        assertThat(registry.get("jobs.started").tags(kind()).counter().count()).isEqualTo(1);
        Timer wait = registry.get("jobs.queue.wait")
                .tags("queue", "default", "connector", "diagnostics")
                .timer();
        assertThat(wait.count()).isEqualTo(1);
        assertThat(wait.totalTime(TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void a_success_counts_the_job_finished_with_its_run_time_and_its_time_since_submission() {
        metrics.written(OutcomeWrite.succeeded(job, WORKER, null, false, STARTED.plusSeconds(2)));

        assertThat(finished("success")).isEqualTo(1);
        assertThat(run("success").totalTime(TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(registry.get("jobs.end.to.end")
                        .tags("queue", "default", "connector", "diagnostics", "outcome", "success")
                        .timer()
                        .totalTime(TimeUnit.SECONDS))
                .isEqualTo(62);
        assertThat(finished("failure")).isZero();
    }

    @Test
    void a_rejection_by_an_open_breaker_is_deferred_by_the_breaker_not_retried_nor_finished() {
        metrics.written(OutcomeWrite.retrying(
                job, WORKER, failure("CircuitOpen", false), STARTED.plusSeconds(30), false, STARTED.plusSeconds(1)));

        assertThat(registry.get("jobs.deferred")
                        .tags("queue", "default", "connector", "diagnostics", "reason", "breaker")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("jobs.retried").tags(kind()).counter().count()).isZero();
        assertThat(run("deferred").count()).isEqualTo(1);
        assertThat(finished("success") + finished("failure") + finished("revoked"))
                .isZero();
    }

    @Test
    void a_retry_counts_as_retried_whether_or_not_it_spends_one_of_the_jobs_retries() {
        metrics.written(OutcomeWrite.retrying(
                job, WORKER, failure("DiagnosticFailure", true), STARTED.plusSeconds(5), true, STARTED.plusSeconds(1)));
        metrics.written(OutcomeWrite.retrying(
                job, WORKER, failure("WorkerShuttingDown", false), STARTED.plusSeconds(5), false, STARTED));

        assertThat(registry.get("jobs.retried").tags(kind()).counter().count()).isEqualTo(2);
        assertThat(run("retry").count()).isEqualTo(2);
        assertThat(run("deferred").count()).isZero();
    }

    @Test
    void a_job_handed_back_on_shutdown_ends_no_attempt_and_counts_nothing() {
        metrics.written(OutcomeWrite.handedBack(job, WORKER, "shutting down", STARTED.plusSeconds(3)));

        assertThat(registry.find("jobs.run").timers())
                .allSatisfy(t -> assertThat(t.count()).isZero());
        assertThat(registry.find("jobs.finished").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void a_revoked_attempt_finishes_the_job_as_revoked() {
        metrics.ended(job, JobMetrics.AttemptEnd.REVOKED, STARTED.plusSeconds(4));

        assertThat(finished("revoked")).isEqualTo(1);
        assertThat(run("revoked").totalTime(TimeUnit.SECONDS)).isEqualTo(4);
    }

    private static Outcome.Failed failure(String type, boolean spendsRetry) {
        return new Outcome.Failed(
                type, "failed", true, Optional.of(Duration.ofSeconds(30)), Optional.empty(), spendsRetry);
    }

    private static String[] kind() {
        return new String[] {"queue", "default", "connector", "diagnostics", "operation", "echo"};
    }

    private double finished(String outcome) {
        return registry.get("jobs.finished")
                .tags(kind())
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private Timer run(String outcome) {
        return registry.get("jobs.run").tags(kind()).tag("outcome", outcome).timer();
    }
}
