package dev.connectorjobs.api.metrics;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.testing.TestDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The backlog gauges on the real schema: which rows count as ready, running, waiting, held. */
class BacklogGaugesTest {

    /** A queue of this test alone: the test database is shared. */
    private final String queue = "backlog-" + UUID.randomUUID().toString().substring(0, 8);

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SettableClock clock = SettableClock.atNow();
    private BacklogGauges gauges;

    @BeforeEach
    void gauges() {
        gauges = new BacklogGauges(JdbcClient.create(TestDatabase.get().dataSource()), registry, clock);
    }

    @Test
    void each_unfinished_job_counts_in_the_one_state_its_row_says() {
        Instant now = clock.instant();
        inQueue(JobStatus.PENDING).createdAt(now.minus(Duration.ofMinutes(10))).insert();
        inQueue(JobStatus.PENDING).insert();
        inQueue(JobStatus.QUEUED).insert();
        retry(now.minusSeconds(1), "WorkerLost");
        retry(now.plusSeconds(60), "DiagnosticFailure");
        retry(now.plusSeconds(30), "CircuitOpen");
        retry(now.plusSeconds(30), "CircuitOpen");
        retry(null, "ConcurrencyLimitReached");
        retry(now.plusSeconds(5), "StartRateLimitReached");
        retry(now.plusSeconds(5), "StartRateLimitReached");
        inQueue(JobStatus.STARTED).insert();
        inQueue(JobStatus.SUCCESS).insert();
        inQueue(JobStatus.REVOKED).insert();

        gauges.refresh();

        assertThat(gauge("jobs.ready")).isEqualTo(4);
        assertThat(gauge("jobs.running")).isEqualTo(1);
        assertThat(gauge("jobs.retry.waiting")).isEqualTo(1);
        assertThat(registry.get("jobs.held")
                        .tag("queue", queue)
                        .tag("connector", "diagnostics")
                        .tag("reason", "breaker")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(registry.get("jobs.held")
                        .tag("queue", queue)
                        .tag("connector", "diagnostics")
                        .tag("reason", "limit")
                        .gauge()
                        .value())
                .as("waiting for a slot (no due time) or for the start window")
                .isEqualTo(3);
        assertThat(gauge("jobs.ready.oldest.age")).isCloseTo(600, within(0.01));
        assertThat(registry.get("jobs.dispatch.unconfirmed").gauge().value()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void the_oldest_ready_age_grows_between_queries_and_a_retry_is_ready_from_when_it_was_due() {
        Instant now = clock.instant();
        retry(now.minusSeconds(5), "WorkerLost");

        gauges.refresh();
        clock.advance(Duration.ofSeconds(3));

        assertThat(gauge("jobs.ready")).isEqualTo(1);
        assertThat(gauge("jobs.ready.oldest.age")).isCloseTo(8, within(0.01));
    }

    @Test
    void a_delayed_job_is_scheduled_until_its_eta_and_ready_from_it() {
        Instant now = clock.instant();
        JobFixture delayed = inQueue(JobStatus.PENDING).insert();
        jdbc.update(
                "UPDATE jobs SET next_attempt_at = ?, dispatch_after = ?, eta = ? WHERE id = ?",
                Timestamp.from(now.plusSeconds(60)),
                Timestamp.from(now.plusSeconds(60)),
                Timestamp.from(now.plusSeconds(60)),
                delayed.id());

        BacklogGauges.Group group = new BacklogGauges.Group(queue, "diagnostics");
        assertThat(gauges.refresh().get(group).unconfirmed()).isZero();
        assertThat(gauge("jobs.scheduled")).isEqualTo(1);
        assertThat(gauge("jobs.ready")).isZero();

        clock.advance(Duration.ofSeconds(61));
        // Due but not sent yet: it waits for the dispatcher's pick, which is not an unconfirmed publication.
        assertThat(gauges.refresh().get(group).unconfirmed()).isZero();

        assertThat(gauge("jobs.scheduled")).isZero();
        assertThat(gauge("jobs.ready")).isEqualTo(1);
        assertThat(gauge("jobs.ready.oldest.age")).as("ready since its eta").isCloseTo(1, within(0.01));
    }

    @Test
    void a_queue_whose_jobs_all_finished_keeps_its_series_at_zero() {
        JobFixture job = inQueue(JobStatus.QUEUED).insert();
        gauges.refresh();
        assertThat(gauge("jobs.ready")).isEqualTo(1);

        jdbc.update("UPDATE jobs SET status = 'SUCCESS', finished_at = now() WHERE id = ?", job.id());
        gauges.refresh();

        assertThat(gauge("jobs.ready")).isZero();
        assertThat(gauge("jobs.ready.oldest.age")).isZero();
    }

    @Test
    void the_gauges_read_the_last_query_and_not_the_database() {
        inQueue(JobStatus.QUEUED).insert();
        gauges.refresh();

        inQueue(JobStatus.QUEUED).insert();

        assertThat(gauge("jobs.ready")).isEqualTo(1);
        gauges.refresh();
        assertThat(gauge("jobs.ready")).isEqualTo(2);
    }

    private double gauge(String name) {
        Gauge gauge = registry.get(name)
                .tag("queue", queue)
                .tag("connector", "diagnostics")
                .gauge();
        return gauge.value();
    }

    private JobFixture inQueue(JobStatus status) {
        return aJob().queue(queue).status(status);
    }

    /** A RETRY job due at {@code due} (none: it waits to be woken) after a failure of {@code errorType}. */
    private void retry(@Nullable Instant due, String errorType) {
        JobFixture job = inQueue(JobStatus.RETRY).insert();
        jdbc.update(
                "UPDATE jobs SET next_attempt_at = ?, dispatch_after = ?, error_type = ? WHERE id = ?",
                due == null ? null : Timestamp.from(due),
                due == null ? null : Timestamp.from(due),
                errorType,
                job.id());
    }
}
