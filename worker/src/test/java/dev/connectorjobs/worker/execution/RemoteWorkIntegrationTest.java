package dev.connectorjobs.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.attempt.RemoteCancel;
import dev.connectorjobs.worker.config.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checkpoints and remote cancels against a real PostgreSQL: a checkpoint is saved with the fence of
 * outcomes and reaches the next attempt; a revoke or a time limit runs the registered remote cancel
 * once, with a live context, and records how it went; shutdown and take-over leave the remote work
 * running for the next attempt.
 */
class RemoteWorkIntegrationTest {

    private static final String WORKER = "remote-work-test";
    private static final Clock CLOCK = Clock.systemUTC();

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());

    @Test
    void a_saved_checkpoint_is_stored_on_the_job_and_given_to_the_next_attempt() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        RemoteWorkRepository remote = repository("10s");
        RunningAttempt attempt = attempt(job, remote);
        assertThat(attempt.checkpoint()).isEmpty();

        attempt.saveCheckpoint(Map.of("awx_job_id", 123));

        assertThat(storedCheckpoint(job)).isEqualTo("{\"awx_job_id\": 123}");
        assertThat(attempt.checkpoint()).contains(Map.of("awx_job_id", 123));
        RunningAttempt next = attempt(withCheckpoint(job, storedCheckpoint(job)), remote);
        assertThat(next.checkpoint()).contains(Map.of("awx_job_id", 123));
    }

    @Test
    void clearing_the_checkpoint_lets_the_next_attempt_start_afresh() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        RunningAttempt attempt = attempt(job, repository("10s"));
        attempt.saveCheckpoint(Map.of("activity_id", "a-1"));

        attempt.clearCheckpoint();

        assertThat(storedCheckpoint(job)).isNull();
        assertThat(attempt.checkpoint()).isEmpty();
    }

    @Test
    void an_attempt_that_no_longer_owns_its_job_cannot_save_a_checkpoint() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        RunningAttempt attempt = attempt(job, repository("10s"));
        StartedJobs.markReaped(job);

        assertThatThrownBy(() -> attempt.saveCheckpoint(Map.of("awx_job_id", 7)))
                .isInstanceOf(JobCancelledException.class)
                .hasMessageContaining("no longer owns the job");
        assertThat(storedCheckpoint(job)).isNull();
    }

    @Test
    void a_checkpoint_larger_than_the_limit_is_refused_and_nul_is_stored_escaped() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        RunningAttempt attempt = attempt(job, repository("10s"));

        assertThatThrownBy(() -> attempt.saveCheckpoint(Map.of("blob", "x".repeat(JobContext.MAX_CHECKPOINT_BYTES))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + JobContext.MAX_CHECKPOINT_BYTES + " bytes");
        attempt.saveCheckpoint(Map.of("id", "a\0b"));

        assertThat(storedCheckpoint(job)).isEqualTo("{\"id\": \"a\\\\u0000b\"}");
    }

    @Test
    void a_revoke_runs_the_remote_cancel_once_with_a_live_context_and_records_it() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        RunningAttempt attempt = attempt(job, repository("10s"));
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> cancelledContexts = new CopyOnWriteArrayList<>();
        attempt.onRemoteCancel("POST /api/v2/jobs/123/cancel/", context -> {
            cancelledContexts.add(context.cancellation().isCancelled());
            assertThat(context.jobId()).isEqualTo(job.id());
            calls.incrementAndGet();
        });

        attempt.cancel(CancelReason.REVOKED);
        attempt.cancel(CancelReason.HARD_TIME_LIMIT);

        Map<String, Object> row = awaitRecord(job);
        assertThat(row)
                .containsEntry("action", "POST /api/v2/jobs/123/cancel/")
                .containsEntry("reason", "revoked")
                .containsEntry("outcome", "DONE")
                .containsEntry("worker_id", WORKER);
        assertThat(calls).hasValue(1);
        assertThat(cancelledContexts).containsExactly(false);
    }

    @Test
    void a_failing_remote_cancel_is_recorded_failed_with_what_it_said() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        RunningAttempt attempt = attempt(job, repository("10s"));
        attempt.onRemoteCancel("POST /api/v2/jobs/9/cancel/", context -> {
            throw new IllegalStateException("AWX answered 405: job already finished");
        });

        attempt.cancel(CancelReason.SOFT_TIME_LIMIT);

        assertThat(awaitRecord(job))
                .containsEntry("outcome", "FAILED")
                .containsEntry("reason", CancelReason.SOFT_TIME_LIMIT.description())
                .containsEntry("detail", "IllegalStateException: AWX answered 405: job already finished");
    }

    @Test
    void a_remote_cancel_that_outlives_its_budget_is_cut_off_and_recorded_timed_out() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        RunningAttempt attempt = attempt(job, repository("200ms"));
        List<Boolean> cancelledAtTheEnd = new CopyOnWriteArrayList<>();
        attempt.onRemoteCancel("POST /api/v2/jobs/5/cancel/", context -> {
            try {
                new CountDownLatch(1).await(); // a request that never answers
            } catch (InterruptedException e) {
                cancelledAtTheEnd.add(context.cancellation().isCancelled());
            }
        });

        attempt.cancel(CancelReason.HARD_TIME_LIMIT);

        assertThat(awaitRecord(job)).containsEntry("outcome", "TIMED_OUT");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(cancelledAtTheEnd).containsExactly(true));
    }

    @Test
    void shutdown_and_take_over_leave_the_remote_work_to_the_next_attempt() {
        List<CancelReason> started = new CopyOnWriteArrayList<>();
        RemoteWork recording = recordingStarts(started);
        RunningAttempt shutDown = attempt(ClaimedJobs.aClaimedJob().build(), recording);
        RunningAttempt takenOver = attempt(ClaimedJobs.aClaimedJob().build(), recording);
        RemoteCancel action = context -> {};
        shutDown.onRemoteCancel("cancel", action);
        takenOver.onRemoteCancel("cancel", action);

        shutDown.cancel(CancelReason.SHUTDOWN);
        takenOver.cancel(CancelReason.SUPERSEDED);

        assertThat(started).isEmpty();
    }

    @Test
    void a_remote_cancel_registered_after_the_revoke_runs_at_once() {
        List<CancelReason> started = new CopyOnWriteArrayList<>();
        RunningAttempt attempt = attempt(ClaimedJobs.aClaimedJob().build(), recordingStarts(started));

        attempt.cancel(CancelReason.REVOKED);
        attempt.onRemoteCancel("cancel", context -> {});
        attempt.onRemoteCancel("cancel again", context -> {});

        assertThat(started).containsExactly(CancelReason.REVOKED);
    }

    private static RemoteWork recordingStarts(List<CancelReason> started) {
        return new RemoteWork() {
            @Override
            public Optional<Map<String, Object>> checkpointOf(ClaimedJob job) {
                return Optional.empty();
            }

            @Override
            public void saveCheckpoint(ClaimedJob job, @Nullable Map<String, Object> checkpoint) {}

            @Override
            public void cancelRemote(
                    RunningAttempt attempt, CancelReason reason, String description, RemoteCancel action) {
                started.add(reason);
            }
        };
    }

    private static RunningAttempt attempt(ClaimedJob job, RemoteWork remote) {
        return new RunningAttempt(job, CLOCK, (j, progress) -> {}, remote);
    }

    private static RemoteWorkRepository repository(String remoteCancelTimeout) {
        WorkerProperties properties = new Binder(new MapConfigurationPropertySource(
                        Map.of("jobs.worker.id", WORKER, "jobs.worker.remote-cancel-timeout", remoteCancelTimeout)))
                .bindOrCreate("jobs.worker", Bindable.of(WorkerProperties.class));
        return new RemoteWorkRepository(
                new JdbcTemplate(TestDatabase.get().dataSource()),
                JsonMapper.builder().build(),
                properties,
                CLOCK);
    }

    private static ClaimedJob withCheckpoint(ClaimedJob job, @Nullable String checkpoint) {
        return new ClaimedJob(
                job.id(),
                job.attempt() + 1,
                job.queue(),
                job.connector(),
                job.operation(),
                job.params(),
                job.timeoutSeconds(),
                job.maxRetries(),
                job.retriesUsed(),
                job.correlationId(),
                job.startedAt(),
                checkpoint,
                job.createdAt(),
                job.startedAt());
    }

    private @Nullable String storedCheckpoint(ClaimedJob job) {
        return jdbc.queryForObject("SELECT checkpoint::text FROM jobs WHERE id = ?", String.class, job.id());
    }

    private Map<String, Object> awaitRecord(ClaimedJob job) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM job_remote_cancels WHERE job_id = ?", Integer.class, job.id())
                        == 1);
        return jdbc.queryForMap(
                "SELECT worker_id, reason, action, outcome, detail FROM job_remote_cancels WHERE job_id = ?", job.id());
    }
}
