package dev.connectorjobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** A worker id names one live worker: a second process with the id of a live one refuses to start. */
class WorkerIdIntegrationTest {

    private static final String ID = "twin-worker";

    @Test
    void a_worker_started_with_the_id_of_a_live_worker_refuses_to_start_and_leaves_its_jobs_alone() {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
        ConfigurableApplicationContext first = start();
        try {
            JobFixture job = LongJobs.startedOn("twins");

            assertThatThrownBy(WorkerIdIntegrationTest::start)
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Worker id " + ID + " is in use by a live worker on host ")
                    .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("give this worker another id (jobs.worker.id)")
                    .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
                    .containsPattern("start this one again in \\d+ s");

            Boolean leaseHeld = jdbc.queryForObject(
                    "SELECT status = 'STARTED' AND worker_id = ? AND lease_expires_at > now() FROM jobs WHERE id = ?",
                    Boolean.class,
                    ID,
                    job.id());
            assertThat(leaseHeld)
                    .as("the live worker still owns its job and its lease")
                    .isTrue();
            assertThat(JobRows.attempts(job.id())).isEmpty();
        } finally {
            first.close();
        }
        // Once the first has stopped, the id is free again.
        start().close();
    }

    private static ConfigurableApplicationContext start() {
        return WorkerApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.worker.id=" + ID,
                        "jobs.worker.queues=twins",
                        "jobs.worker.drain-timeout=100ms"));
    }
}
