package dev.connectorjobs.api.recovery;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.AdminApi;
import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lease reaper and the retention sweep, running in the api-gateway. */
class RecoveryIntegrationTest extends AdminApiTest {

    @Test
    void a_job_whose_worker_lost_its_lease_is_retried_without_spending_a_retry() {
        JobFixture job = aJob().operation("sleep").param("ms", 1000).insert();
        startedWithExpiredLease(job.id(), "gone-worker", 0);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !JobRows.job(job.id()).status().equals("STARTED"));

        JobRows.JobRow row = JobRows.job(job.id());
        assertThat(row.status()).isIn("RETRY", "PENDING", "QUEUED");
        assertThat(row.retriesUsed()).isZero();
        assertThat(JobRows.attempts(job.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("WORKER_LOST");
            assertThat(a.errorType()).isEqualTo("WorkerLost");
            assertThat(a.workerId()).isEqualTo("gone-worker");
        });
    }

    @Test
    void a_job_that_lost_its_worker_three_times_in_a_row_fails_as_a_poison_job() {
        JobFixture job = aJob().operation("sleep").param("ms", 1000).insert();
        startedWithExpiredLease(job.id(), "gone-worker", 2);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> JobRows.job(job.id()).status().equals("FAILURE"));

        assertThat(JobRows.job(job.id()).errorType()).isEqualTo("PoisonJob");
    }

    private static void startedWithExpiredLease(UUID id, String worker, int lostBefore) {
        jdbc.update(
                "UPDATE jobs SET status = 'STARTED', worker_id = ?, started_at = now() - interval '1 minute',"
                        + " lease_expires_at = now() - interval '1 second', lost_count = ? WHERE id = ?",
                worker,
                lostBefore,
                id);
    }

    @Test
    void the_retention_sweep_removes_only_finished_jobs_older_than_the_retention_period() {
        Instant monthAgo = Instant.now().minus(java.time.Duration.ofDays(31));
        JobFixture old = aJob().status(JobStatus.SUCCESS).createdAt(monthAgo).insert();
        JobFixture recent = aJob().status(JobStatus.SUCCESS).insert();
        JobFixture oldButRunning =
                aJob().status(JobStatus.STARTED).createdAt(monthAgo).insert();
        JobFixture oldButFinishedLately =
                aJob().status(JobStatus.FAILURE).createdAt(monthAgo).insert();
        jdbc.update(
                "UPDATE jobs SET finished_at = now() - interval '30 days' WHERE id IN (?, ?)",
                old.id(),
                oldButRunning.id());
        jdbc.update(
                "UPDATE jobs SET finished_at = now() - interval '1 hour' WHERE id IN (?, ?)",
                recent.id(),
                oldButFinishedLately.id());
        jdbc.update(
                "INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, duration_ms)"
                        + " VALUES (?, 1, 'w', now(), now(), 'SUCCESS', 1)",
                old.id());

        long deleted = AdminApi.get()
                .context()
                .getBean(dev.connectorjobs.api.recovery.RetentionSweeper.class)
                .sweep();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(JobRows.count(old.id())).isZero();
        assertThat(JobRows.attempts(old.id())).isEmpty();
        assertThat(JobRows.count(recent.id())).isEqualTo(1);
        assertThat(JobRows.count(oldButRunning.id())).isEqualTo(1);
        assertThat(JobRows.count(oldButFinishedLately.id())).isEqualTo(1);
    }
}
