package dev.connectorjobs.api.recovery;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.AdminApi;
import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.api.job.SubmissionProperties;
import dev.connectorjobs.api.metrics.JobCounters;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The reaper compares leases with PostgreSQL's clock, not its replica's. */
class ReaperClockSkewTest extends AdminApiTest {

    @Test
    void a_reaper_whose_clock_runs_an_hour_ahead_leaves_a_live_lease_alone() {
        JobFixture job = aJob().operation("sleep").param("ms", 1000).insert();
        jdbc.update(
                "UPDATE jobs SET status = 'STARTED', worker_id = 'live-worker', started_at = now(),"
                        + " lease_expires_at = now() + interval '10 minutes' WHERE id = ?",
                job.id());
        ApplicationContext api = AdminApi.get().context();
        LeaseReaper ahead = new LeaseReaper(
                api.getBean(JdbcClient.class),
                new ReaperProperties(Duration.ofSeconds(5), 200, 3),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)),
                api.getBean(JobCounters.class),
                api.getBean(SubmissionProperties.class));

        assertThat(ahead.reap()).noneMatch(reaped -> reaped.id().equals(job.id()));
        assertThat(JobRows.job(job.id()).status()).isEqualTo("STARTED");
        assertThat(JobRows.attempts(job.id())).isEmpty();
    }
}
