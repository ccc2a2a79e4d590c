package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.worker.database.DatabaseGuard;
import dev.connectorjobs.worker.execution.AttemptListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * PostgreSQL unreachable for a few seconds: the worker stops claiming, records the outcome of the
 * job that finished during the outage once the database is back, and then runs what was published
 * meanwhile; no job is lost or run twice.
 */
class DatabaseOutageIntegrationTest {

    private static final Map<UUID, AtomicInteger> STARTS = new ConcurrentHashMap<>();

    @Test
    void a_worker_rides_out_a_database_outage_without_losing_or_repeating_a_job() {
        TestDatabase db = TestDatabase.get();
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            ConfigurableApplicationContext worker = WorkerApplication.application()
                    .initializers(ctx -> ((GenericApplicationContext) ctx)
                            .registerBean(
                                    AttemptListener.class,
                                    () -> job -> STARTS.computeIfAbsent(job.id(), id -> new AtomicInteger())
                                            .incrementAndGet()))
                    .run(TestInfrastructure.springArgs(
                            "server.port=0",
                            "spring.datasource.url=" + db.urlVia("127.0.0.1", proxy.port()),
                            "spring.datasource.hikari.connection-timeout=1000",
                            "spring.datasource.hikari.validation-timeout=500",
                            "jobs.worker.id=outage-worker",
                            "jobs.worker.queues=outage",
                            "jobs.worker.heartbeat-interval=500ms",
                            "jobs.breakers.database.failure-threshold=3",
                            "jobs.breakers.database.reset-timeout=1s"));
            try {
                JobFixture running = aJob().queue("outage")
                        .operation("sleep")
                        .param("ms", 1500)
                        .insert()
                        .publish();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> JobRows.job(running.id()).status().equals("STARTED"));

                proxy.cut();
                List<JobFixture> during = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    during.add(aJob().queue("outage").param("i", i).insert().publish());
                }
                DatabaseGuard guard = worker.getBean(DatabaseGuard.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> !guard.isAvailable());
                assertThat(JobRows.job(running.id()).status()).isEqualTo("STARTED");
                proxy.restore();

                await().atMost(Duration.ofSeconds(40))
                        .until(() -> JobRows.job(running.id()).status().equals("SUCCESS"));
                for (JobFixture job : during) {
                    await().atMost(Duration.ofSeconds(40))
                            .until(() -> JobRows.job(job.id()).status().equals("SUCCESS"));
                }
                assertThat(JobRows.attempts(running.id())).hasSize(1);
                assertThat(STARTS.get(running.id())).hasValue(1);
                for (JobFixture job : during) {
                    assertThat(JobRows.attempts(job.id())).hasSize(1);
                    assertThat(STARTS.get(job.id())).hasValue(1);
                }
            } finally {
                worker.close();
            }
        }
    }
}
