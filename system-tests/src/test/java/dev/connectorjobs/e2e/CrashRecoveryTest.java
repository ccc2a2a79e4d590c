package dev.connectorjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.AttemptRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker process killed with SIGKILL in the middle of a job: the job still ends SUCCESS on another
 * worker, with the lost attempt in its history, within the lease time plus a small margin.
 */
class CrashRecoveryTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final long JOB_MS = 12_000;

    @RegisterExtension
    final EndToEndSystem system = new EndToEndSystem();

    @Test
    void the_job_of_a_worker_killed_with_sigkill_is_finished_by_another_worker() throws Exception {
        ApiClient client = system.startApi(
                "jobs.api.queues=default,crash",
                "jobs.api.reaper.interval=250ms",
                "jobs.api.dispatch.sweep-interval=100ms");
        String[] workerSettings = {
            "jobs.worker.queues=crash",
            "jobs.worker.lease=" + LEASE.toMillis() + "ms",
            "jobs.worker.heartbeat-interval=500ms",
            "spring.kafka.consumer.properties.session.timeout.ms=6000",
            "spring.kafka.consumer.properties.heartbeat.interval.ms=1000"
        };
        Process doomed = system.startWorkerProcess("crash-doomed", workerSettings);

        // The job must outlast the survivor's start-up, so that the doomed worker still runs it when it is killed (a
        // 3 s job had finished on a slow 2-core machine before the survivor was up).
        String id = client.submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":" + JOB_MS
                + "}," + "\"queue\":\"crash\"}");
        UUID jobId = UUID.fromString(id);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "crash-doomed".equals(JobRows.job(jobId).workerId()));

        system.startWorker(workerSettings(workerSettings, "jobs.worker.id=crash-survivor"));
        assertThat(JobRows.job(jobId).status())
                .as("the doomed worker must still be running the job when it is killed")
                .isEqualTo("STARTED");
        Instant killedAt = Instant.now();
        doomed.destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> JobRows.job(jobId).status().equals("SUCCESS"));

        List<AttemptRow> attempts = JobRows.attempts(jobId);
        assertThat(attempts).extracting(AttemptRow::outcome).containsExactly("WORKER_LOST", "SUCCESS");
        assertThat(attempts.get(0).workerId()).isEqualTo("crash-doomed");
        assertThat(attempts.get(1).workerId()).isEqualTo("crash-survivor");
        assertThat(JobRows.job(jobId).retriesUsed()).isZero();
        Duration recovery = Duration.between(killedAt, attempts.get(1).startedAt());
        System.out.println("MEASURE crash-recovery (kill to restart on another worker) " + recovery.toMillis()
                + " ms with lease " + LEASE.toMillis() + " ms");
        // Bounded by the lease (or the Kafka session timeout of the dead member, 6 s here) plus a margin.
        assertThat(recovery).isLessThan(Duration.ofSeconds(20));
    }

    private static String[] workerSettings(String[] base, String extra) {
        String[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = extra;
        return all;
    }
}
