package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.JobRow;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Graceful shutdown: running jobs get a drain timeout, then go back to the queue unspent. */
class HandBackIntegrationTest {

    @Test
    void a_stopping_worker_hands_back_what_did_not_finish_in_the_drain_timeout_without_spending_an_attempt() {
        ConfigurableApplicationContext worker = WorkerApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.worker.id=handback-worker",
                        "jobs.worker.queues=handback",
                        "jobs.worker.drain-timeout=500ms"));
        JobFixture quick =
                aJob().queue("handback").operation("sleep").param("ms", 200).insert();
        JobFixture slow =
                aJob().queue("handback").operation("sleep").param("ms", 60_000).insert();
        slow.publish();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JobRows.job(slow.id()).status().equals("STARTED"));
        quick.publish();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> JobRows.job(quick.id()).status().equals("STARTED"));

        worker.close();

        assertThat(JobRows.job(quick.id()).status()).isEqualTo("SUCCESS");
        JobRow handedBack = JobRows.job(slow.id());
        assertThat(handedBack.status()).isEqualTo("PENDING");
        assertThat(handedBack.attempt()).isEqualTo(2);
        assertThat(handedBack.retriesUsed()).isZero();
        assertThat(handedBack.dispatchAfter()).isNotNull();
        assertThat(JobRows.attempts(slow.id()))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("HANDED_BACK"));
        String state = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForObject(
                        "SELECT CASE WHEN stopped_at IS NULL THEN 'running' ELSE 'stopped' END FROM workers"
                                + " WHERE id = 'handback-worker'",
                        String.class);
        assertThat(state).isEqualTo("stopped");
    }
}
