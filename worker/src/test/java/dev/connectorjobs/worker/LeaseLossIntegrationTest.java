package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.worker.execution.AttemptListener;
import dev.connectorjobs.worker.execution.ClaimedJob;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A worker cut off from PostgreSQL cancels the attempts whose leases it cannot renew before those
 * leases end, and records nothing for them: the job's next attempt, on another worker, never runs
 * alongside the cut-off one, and the cut-off worker's late outcome cannot override it.
 */
class LeaseLossIntegrationTest {

    private static final String QUEUE = "lease-loss";
    /** When each attempt of the job started and ended, by attempt number, on whichever worker. */
    private static final Map<Integer, Instant> STARTED = new ConcurrentHashMap<>();

    private static final Map<Integer, Instant> ENDED = new ConcurrentHashMap<>();

    @Test
    void
            a_worker_that_cannot_renew_a_lease_cancels_the_attempt_before_the_lease_ends_and_the_next_attempt_never_overlaps_it() {
        TestDatabase db = TestDatabase.get();
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            ConfigurableApplicationContext cutOff = worker(
                    "cut-off",
                    "spring.datasource.url=" + db.urlVia("127.0.0.1", proxy.port()),
                    "spring.datasource.hikari.connection-timeout=1000",
                    "spring.datasource.hikari.validation-timeout=500");
            ConfigurableApplicationContext healthy = null;
            try {
                JobFixture job = aJob().queue(QUEUE)
                        .operation("sleep")
                        .param("ms", 6_000)
                        .insert()
                        .publish();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> JobRows.job(job.id()).status().equals("STARTED"));

                proxy.cut();
                await().atMost(Duration.ofSeconds(30)).until(() -> ENDED.containsKey(1));
                Timestamp leaseEnd = jdbc.queryForObject(
                        "SELECT lease_expires_at FROM jobs WHERE id = ?", Timestamp.class, job.id());
                assertThat(ENDED.get(1))
                        .as("the cut-off attempt ended before its lease did")
                        .isBefore(leaseEnd.toInstant());

                // What the reaper does once the lease has ended, and the dispatcher then: the next attempt.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> jdbc.update(
                                        "UPDATE jobs SET status = 'PENDING', attempt = 2, worker_id = NULL,"
                                                + " lease_expires_at = NULL WHERE id = ? AND lease_expires_at < now()",
                                        job.id())
                                == 1);
                healthy = worker("healthy");
                job.publishAttempt(2);
                proxy.restore();

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> JobRows.job(job.id()).status().equals("SUCCESS"));
                assertThat(STARTED.get(2)).isAfterOrEqualTo(ENDED.get(1));
                assertThat(JobRows.job(job.id()).attempt()).isEqualTo(2);
                assertThat(JobRows.attempts(job.id()))
                        .as("the cut-off attempt recorded nothing")
                        .singleElement()
                        .satisfies(a -> assertThat(a.attempt()).isEqualTo(2));
            } finally {
                cutOff.close();
                if (healthy != null) {
                    healthy.close();
                }
            }
        }
    }

    private static ConfigurableApplicationContext worker(String id, String... settings) {
        AttemptListener listener = new AttemptListener() {
            @Override
            public void attemptStarted(ClaimedJob job) {
                STARTED.put(job.attempt(), Instant.now());
            }

            @Override
            public void attemptEnded(ClaimedJob job) {
                ENDED.put(job.attempt(), Instant.now());
            }
        };
        String[] args = new String[settings.length + 6];
        System.arraycopy(settings, 0, args, 0, settings.length);
        System.arraycopy(
                new String[] {
                    "server.port=0",
                    "jobs.worker.id=" + id,
                    "jobs.worker.queues=" + QUEUE,
                    "jobs.worker.heartbeat-interval=500ms",
                    "jobs.worker.lease=4s",
                    "jobs.worker.drain-timeout=100ms"
                },
                0,
                args,
                settings.length,
                6);
        return WorkerApplication.application()
                .initializers(
                        ctx -> ((GenericApplicationContext) ctx).registerBean(AttemptListener.class, () -> listener))
                .run(TestInfrastructure.springArgs(args));
    }
}
