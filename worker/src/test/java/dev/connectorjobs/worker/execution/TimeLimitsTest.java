package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.worker.execution.ClaimedJobs.aClaimedJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The soft and hard time limits, on a settable clock and a scheduler ticked by hand. */
class TimeLimitsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final SettableClock clock = new SettableClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<Recorded> recorded = new ArrayList<>();
    private final StuckThreadCensus stuck = new StuckThreadCensus();
    private final TimeLimits limits = new TimeLimits(
            MARGIN, scheduler, (job, outcome) -> recorded.add(new Recorded(job, outcome)), stuck, Runnable::run);

    private record Recorded(ClaimedJob job, Outcome outcome) {}

    @Test
    void the_soft_limit_cancels_the_attempt_the_margin_before_its_deadline_and_records_nothing() {
        RunningAttempt attempt = attempt(aClaimedJob().startedAt(START).timeoutSeconds(120));
        limits.arm(attempt);

        scheduler.advance(Duration.ofSeconds(115).minusMillis(1));
        assertThat(attempt.cancellation().isCancelled()).isFalse();

        scheduler.advance(Duration.ofMillis(1));
        assertThat(attempt.cancelReason()).isEqualTo(CancelReason.SOFT_TIME_LIMIT);
        assertThat(attempt.cancellation().isCancelled()).isTrue();
        assertThat(attempt.cancellation().reason()).isEqualTo(CancelReason.SOFT_TIME_LIMIT.description());
        assertThat(recorded).isEmpty();
        assertThat(attempt.end())
                .as("the job's thread still records its own outcome")
                .isTrue();
    }

    @Test
    void a_short_limit_leaves_a_tenth_of_itself_for_cleaning_up_when_that_is_less_than_the_margin() {
        RunningAttempt attempt = attempt(aClaimedJob().startedAt(START).timeoutSeconds(20));
        limits.arm(attempt);

        scheduler.advanceTo(START.plusSeconds(18).minusMillis(1));
        assertThat(attempt.cancelReason()).isNull();

        scheduler.advanceTo(START.plusSeconds(18));
        assertThat(attempt.cancelReason()).isEqualTo(CancelReason.SOFT_TIME_LIMIT);
    }

    @Test
    void the_hard_limit_ends_the_attempt_at_its_deadline_and_records_time_limit_exceeded_once() {
        ClaimedJob job = aClaimedJob().startedAt(START).timeoutSeconds(120).build();
        RunningAttempt attempt = new RunningAttempt(job, clock, (j, progress) -> {});
        limits.arm(attempt);

        scheduler.advanceTo(job.deadline().minusMillis(1));
        assertThat(recorded).isEmpty();

        scheduler.advanceTo(job.deadline());
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.job()).isEqualTo(job);
            assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
                assertThat(f.errorType()).isEqualTo("TimeLimitExceeded");
                assertThat(f.retryable()).isFalse();
                assertThat(f.message()).contains("120 s", "raise timeout_seconds");
            });
        });
        assertThat(attempt.end())
                .as("the job's thread may no longer record an outcome")
                .isFalse();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void an_attempt_that_ended_before_its_deadline_is_not_recorded_again_by_the_hard_limit() {
        RunningAttempt attempt = attempt(aClaimedJob().startedAt(START).timeoutSeconds(60));
        limits.arm(attempt);
        assertThat(attempt.end()).isTrue();

        scheduler.advance(Duration.ofMinutes(5));

        assertThat(recorded).isEmpty();
    }

    @Test
    void disarmed_limits_never_fire() {
        RunningAttempt attempt = attempt(aClaimedJob().startedAt(START).timeoutSeconds(60));
        TimeLimits.Armed armed = limits.arm(attempt);
        assertThat(scheduler.pending()).isEqualTo(2);

        armed.disarm();
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(scheduler.pending()).isZero();
        assertThat(attempt.cancelReason()).isNull();
        assertThat(recorded).isEmpty();
    }

    @Test
    void an_attempt_claimed_after_its_deadline_reaches_both_limits_on_the_next_tick() {
        RunningAttempt attempt =
                attempt(aClaimedJob().startedAt(START.minusSeconds(300)).timeoutSeconds(60));
        limits.arm(attempt);

        scheduler.advance(Duration.ZERO);

        assertThat(attempt.cancelReason()).isEqualTo(CancelReason.SOFT_TIME_LIMIT);
        assertThat(recorded)
                .singleElement()
                .satisfies(r ->
                        assertThat(((Outcome.Failed) r.outcome()).errorType()).isEqualTo("TimeLimitExceeded"));
    }

    @Test
    void a_thread_that_still_runs_at_the_hard_limit_counts_as_stuck_until_it_returns() throws Exception {
        RunningAttempt attempt = attempt(aClaimedJob().startedAt(START).timeoutSeconds(60));
        CountDownLatch release = new CountDownLatch(1);
        Thread ignoresCancellation = Thread.ofPlatform().start(() -> awaitUninterruptibly(release));
        attempt.bind(ignoresCancellation);
        limits.arm(attempt);

        scheduler.advance(Duration.ofSeconds(60));
        assertThat(attempt.cancelReason()).isEqualTo(CancelReason.SOFT_TIME_LIMIT);
        assertThat(stuck.count()).isEqualTo(1);

        release.countDown();
        ignoresCancellation.join();
        assertThat(stuck.count()).isZero();
    }

    @Test
    void a_thread_that_returned_before_the_hard_limit_does_not_count_as_stuck() throws Exception {
        RunningAttempt attempt = attempt(aClaimedJob().startedAt(START).timeoutSeconds(60));
        Thread returned = Thread.ofPlatform().start(() -> {});
        returned.join();
        attempt.bind(returned);
        limits.arm(attempt);

        scheduler.advance(Duration.ofSeconds(60));

        assertThat(recorded).hasSize(1);
        assertThat(stuck.count()).isZero();
    }

    private RunningAttempt attempt(ClaimedJobs job) {
        return new RunningAttempt(job.build(), clock, (j, progress) -> {});
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // a thread that ignores cancellation, as a stuck job does
            }
        }
    }
}
