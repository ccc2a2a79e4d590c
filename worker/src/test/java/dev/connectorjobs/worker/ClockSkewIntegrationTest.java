package dev.connectorjobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases run on PostgreSQL's clock: a worker whose own clock is an hour off still writes leases
 * that end one lease after PostgreSQL's {@code now()}, at the claim and at every renewal, so the
 * reaper neither takes its jobs early nor waits an hour for a dead worker's.
 */
class ClockSkewIntegrationTest {

    private static final JdbcTemplate JDBC = new JdbcTemplate(TestDatabase.get().dataSource());

    @ParameterizedTest(name = "clock skewed by {0} minutes")
    @ValueSource(ints = {-60, 60})
    void a_worker_with_a_skewed_clock_holds_its_leases_for_one_lease_on_the_database_s_clock(int minutes) {
        String queue = "skew" + (minutes < 0 ? "-behind" : "-ahead");
        Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(minutes));
        ConfigurableApplicationContext worker = WorkerApplication.application()
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> skewed))
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.worker.id=" + queue + "-worker",
                        "jobs.worker.queues=" + queue,
                        "jobs.worker.heartbeat-interval=500ms",
                        "jobs.worker.lease=10s",
                        "jobs.worker.drain-timeout=100ms"));
        try {
            JobFixture job = LongJobs.startedOn(queue);
            assertLeaseWithinOneLeaseOfNow(job.id());

            double claimed = leaseLeft(job.id());
            await().atMost(Duration.ofSeconds(30)).until(() -> leaseLeft(job.id()) > claimed);
            assertLeaseWithinOneLeaseOfNow(job.id());
        } finally {
            worker.close();
        }
    }

    private static void assertLeaseWithinOneLeaseOfNow(UUID id) {
        assertThat(leaseLeft(id))
                .as("seconds left of the lease, on PostgreSQL's clock")
                .isBetween(0.0, 10.0);
    }

    /** Seconds between PostgreSQL's now and the end of the job's lease. */
    private static double leaseLeft(UUID id) {
        Double left = JDBC.queryForObject(
                "SELECT extract(epoch FROM lease_expires_at - clock_timestamp())::float8 FROM jobs WHERE id = ?",
                Double.class,
                id);
        return left == null ? Double.NaN : left;
    }
}
