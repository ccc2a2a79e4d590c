package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A job that finishes while PostgreSQL is unreachable keeps its outcome past the end of its lease
 * and writes it once PostgreSQL answers, when no reaper handed the job on meanwhile (here none runs,
 * as when PostgreSQL was down for everyone).
 */
class LateOutcomeIntegrationTest {

    @Test
    void an_outcome_that_could_not_be_written_before_the_lease_ended_is_written_when_the_database_answers() {
        TestDatabase db = TestDatabase.get();
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            ConfigurableApplicationContext worker = WorkerApplication.application()
                    .run(ProxiedDatabase.springArgs(
                            db,
                            proxy,
                            "jobs.worker.id=late-outcome-worker",
                            "jobs.worker.queues=late-outcome",
                            "jobs.worker.heartbeat-interval=500ms",
                            "jobs.worker.lease=4s",
                            "jobs.breakers.database.failure-threshold=3",
                            "jobs.breakers.database.reset-timeout=1s"));
            try {
                JobFixture job = aJob().queue("late-outcome")
                        .operation("sleep")
                        .param("ms", 1500)
                        .insert()
                        .publish();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> JobRows.job(job.id()).status().equals("STARTED"));

                proxy.cut();
                // Well past the lease, and past the lease after the job finished (1.5 s after its start).
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                                "SELECT lease_expires_at < now() - interval '6 seconds' FROM jobs WHERE id = ?",
                                Boolean.class,
                                job.id())));
                assertThat(JobRows.job(job.id()).status()).isEqualTo("STARTED");
                proxy.restore();

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> JobRows.job(job.id()).status().equals("SUCCESS"));
                assertThat(JobRows.attempts(job.id()))
                        .singleElement()
                        .satisfies(a -> assertThat(a.outcome()).isEqualTo("SUCCESS"));
            } finally {
                worker.close();
            }
        }
    }
}
