package dev.connectorjobs.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryProperties defaults =
            new RetryProperties(Duration.ofMillis(500), 2, Duration.ofMinutes(5), Duration.ofMinutes(15));

    @Test
    void delays_follow_the_original_steps_between_half_and_all_of_each_step() {
        RetryPolicy lowest = new RetryPolicy(defaults, () -> 0.0);
        RetryPolicy highest = new RetryPolicy(defaults, () -> 0.999999);

        assertThat(lowest.delay(0, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(highest.delay(0, Optional.empty())).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(lowest.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(lowest.delay(2, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void below_the_cap_a_later_retry_never_waits_less_than_an_earlier_one_whatever_the_jitter() {
        RetryPolicy unluckyLate = new RetryPolicy(defaults, () -> 0.0);
        RetryPolicy luckyEarly = new RetryPolicy(defaults, () -> 0.999999);

        // 0.5 s * 2^9 = 256 s is the last step below the 5 min cap.
        for (int retry = 0; retry < 9; retry++) {
            assertThat(unluckyLate.delay(retry + 1, Optional.empty()))
                    .isGreaterThanOrEqualTo(luckyEarly.delay(retry, Optional.empty()));
        }
    }

    @Test
    void the_step_is_capped() {
        RetryPolicy highest = new RetryPolicy(defaults, () -> 0.999999);

        assertThat(highest.delay(40, Optional.empty())).isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void retry_after_wins_when_longer_and_is_itself_capped() {
        RetryPolicy policy = new RetryPolicy(defaults, () -> 0.5);

        assertThat(policy.delay(0, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(0, Optional.of(Duration.ofMillis(1)))).isEqualTo(Duration.ofMillis(375));
        assertThat(policy.delay(0, Optional.of(Duration.ofHours(2)))).isEqualTo(Duration.ofMinutes(15));
    }
}
