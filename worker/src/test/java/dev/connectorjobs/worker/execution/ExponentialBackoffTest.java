package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.worker.execution.ClaimedJobs.aClaimedJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    private final RetryProperties defaults =
            new RetryProperties(Duration.ofMillis(500), 2, Duration.ofMinutes(5), Duration.ofMinutes(15));

    @Test
    void delays_follow_the_original_steps_between_half_and_all_of_each_step() {
        ExponentialBackoff lowest = new ExponentialBackoff(defaults, () -> 0.0);
        ExponentialBackoff highest = new ExponentialBackoff(defaults, () -> 0.999999);

        assertThat(lowest.delay(0, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(highest.delay(0, Optional.empty())).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(lowest.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(lowest.delay(2, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void below_the_cap_a_later_retry_never_waits_less_than_an_earlier_one_whatever_the_jitter() {
        ExponentialBackoff unluckyLate = new ExponentialBackoff(defaults, () -> 0.0);
        ExponentialBackoff luckyEarly = new ExponentialBackoff(defaults, () -> 0.999999);

        // 0.5 s * 2^9 = 256 s is the last step below the 5 min cap.
        for (int retry = 0; retry < 9; retry++) {
            assertThat(unluckyLate.delay(retry + 1, Optional.empty()))
                    .isGreaterThanOrEqualTo(luckyEarly.delay(retry, Optional.empty()));
        }
    }

    @Test
    void the_step_is_capped() {
        ExponentialBackoff highest = new ExponentialBackoff(defaults, () -> 0.999999);

        assertThat(highest.delay(40, Optional.empty())).isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void retry_after_wins_when_longer_and_is_itself_capped() {
        ExponentialBackoff policy = new ExponentialBackoff(defaults, () -> 0.5);

        assertThat(policy.delay(0, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(0, Optional.of(Duration.ofMillis(1)))).isEqualTo(Duration.ofMillis(375));
        assertThat(policy.delay(0, Optional.of(Duration.ofHours(2)))).isEqualTo(Duration.ofMinutes(15));
    }

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void a_retryable_failure_with_retries_left_is_retried_after_the_backoff_of_its_retry_number() {
        ExponentialBackoff policy = new ExponentialBackoff(defaults, () -> 0.0);
        ClaimedJob job = aClaimedJob().retries(2, 3).build();

        RetryPolicy.Decision decision = policy.decide(job, retryable(Optional.empty()), NOW);

        // The third retry's step is 0.5 s * 2^2 = 2 s, of which equal jitter waits at least half.
        assertThat(decision).isEqualTo(new RetryPolicy.Retry(NOW.plusSeconds(1)));
    }

    @Test
    void a_retry_after_longer_than_the_backoff_is_honoured() {
        ExponentialBackoff policy = new ExponentialBackoff(defaults, () -> 0.0);
        ClaimedJob job = aClaimedJob().retries(0, 3).build();

        RetryPolicy.Decision decision = policy.decide(job, retryable(Optional.of(Duration.ofSeconds(42))), NOW);

        assertThat(decision).isEqualTo(new RetryPolicy.Retry(NOW.plusSeconds(42)));
    }

    @Test
    void a_retry_after_beyond_its_cap_waits_only_the_cap() {
        ExponentialBackoff policy = new ExponentialBackoff(defaults, () -> 0.0);
        ClaimedJob job = aClaimedJob().retries(0, 3).build();

        RetryPolicy.Decision decision = policy.decide(job, retryable(Optional.of(Duration.ofDays(1))), NOW);

        assertThat(decision).isEqualTo(new RetryPolicy.Retry(NOW.plus(Duration.ofMinutes(15))));
    }

    @Test
    void a_permanent_failure_fails_the_job_at_once_whatever_retries_are_left() {
        ExponentialBackoff policy = new ExponentialBackoff(defaults, () -> 0.0);
        ClaimedJob job = aClaimedJob().retries(0, 5).build();

        RetryPolicy.Decision decision = policy.decide(job, Outcome.Failed.permanent("InvalidRequest", "no"), NOW);

        assertThat(decision).isEqualTo(new RetryPolicy.Fail());
    }

    @Test
    void a_retryable_failure_with_no_retry_left_fails_the_job() {
        ExponentialBackoff policy = new ExponentialBackoff(defaults, () -> 0.0);
        ClaimedJob job = aClaimedJob().retries(3, 3).build();

        RetryPolicy.Decision decision = policy.decide(job, retryable(Optional.empty()), NOW);

        assertThat(decision).isEqualTo(new RetryPolicy.Fail());
    }

    @Test
    void an_open_breaker_defers_the_job_until_it_half_opens_without_spending_a_retry_even_with_none_left() {
        ExponentialBackoff policy = new ExponentialBackoff(defaults, () -> 0.0);
        ClaimedJob job = aClaimedJob().retries(3, 3).build();
        Outcome.Failed circuitOpen = new Outcome.Failed(
                "CircuitOpen", "breaker open", true, Optional.of(Duration.ofSeconds(30)), Optional.empty(), false);

        RetryPolicy.Decision decision = policy.decide(job, circuitOpen, NOW);

        assertThat(decision).isEqualTo(new RetryPolicy.Defer(NOW.plusSeconds(30)));
    }

    private static Outcome.Failed retryable(Optional<Duration> retryAfter) {
        return new Outcome.Failed("HttpServerError", "503", true, retryAfter, Optional.of(503), true);
    }
}
