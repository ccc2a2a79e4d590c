package dev.connectorjobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.worker.database.DatabaseGuard;
import java.sql.Timestamp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database breaker does not hold lease renewals back: once PostgreSQL answers again, the next
 * heartbeat renews the leases and closes the breaker, long before the breaker's reset time (here 10
 * minutes, far longer than the lease).
 */
class RenewalAfterOutageIntegrationTest {

    @Test
    void leases_are_renewed_as_soon_as_the_database_answers_although_the_breaker_opened() {
        TestDatabase db = TestDatabase.get();
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            ConfigurableApplicationContext worker = WorkerApplication.application()
                    .run(ProxiedDatabase.springArgs(
                            db,
                            proxy,
                            "jobs.worker.id=renewal-worker",
                            "jobs.worker.queues=renewal",
                            "jobs.worker.heartbeat-interval=500ms",
                            "jobs.worker.lease=30s",
                            "jobs.worker.drain-timeout=100ms",
                            "jobs.breakers.database.failure-threshold=2",
                            "jobs.breakers.database.reset-timeout=10m"));
            try {
                JobFixture job = LongJobs.startedOn("renewal");

                proxy.cut();
                DatabaseGuard guard = worker.getBean(DatabaseGuard.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> !guard.isAvailable());
                Timestamp leaseBefore = lease(jdbc, job);
                proxy.restore();

                // Bounded by the lease (30 s), not by the breaker's reset time (10 min).
                await().atMost(Duration.ofSeconds(25))
                        .until(() -> lease(jdbc, job).after(leaseBefore));
                await().atMost(Duration.ofSeconds(10)).until(guard::isAvailable);
                assertThat(JobRows.job(job.id()).status()).isEqualTo("STARTED");
            } finally {
                worker.close();
            }
        }
    }

    private static Timestamp lease(JdbcTemplate jdbc, JobFixture job) {
        return jdbc.queryForObject("SELECT lease_expires_at FROM jobs WHERE id = ?", Timestamp.class, job.id());
    }
}
