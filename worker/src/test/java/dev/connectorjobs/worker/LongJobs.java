package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import java.time.Duration;

/** Test jobs that hold a lease for the length of a test. */
final class LongJobs {

    private LongJobs() {}

    /** A job that sleeps two minutes, published to {@code queue}, once a worker has started it. */
    static JobFixture startedOn(String queue) {
        JobFixture job = aJob().queue(queue)
                .operation("sleep")
                .param("ms", 120_000)
                .insert()
                .publish();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JobRows.job(job.id()).status().equals("STARTED"));
        return job;
    }
}
