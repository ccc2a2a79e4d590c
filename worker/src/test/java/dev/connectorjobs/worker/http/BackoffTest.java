package dev.connectorjobs.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Backoff backoff(double random) {
        return new Backoff(HttpClientSettings.defaults(), () -> random);
    }

    @Test
    void the_default_steps_are_half_a_second_one_second_and_two_seconds() {
        Backoff middle = backoff(0.5);

        assertThat(middle.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(middle.delay(2, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(middle.delay(3, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void jitter_spreads_each_step_by_a_fifth_either_way() {
        assertThat(backoff(0.0).delay(2, Optional.empty())).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff(1.0).delay(2, Optional.empty())).isEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void steps_are_capped() {
        assertThat(backoff(0.5).delay(10, Optional.empty())).isEqualTo(HttpClientSettings.DEFAULT_MAX_BACKOFF);
    }

    @Test
    void a_longer_retry_after_wins_and_a_shorter_one_does_not_shorten_the_wait() {
        assertThat(backoff(0.5).delay(1, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff(0.5).delay(3, Optional.of(Duration.ofMillis(100)))).isEqualTo(Duration.ofSeconds(2));
    }
}
