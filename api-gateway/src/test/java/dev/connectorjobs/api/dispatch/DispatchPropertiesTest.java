package dev.connectorjobs.api.dispatch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchPropertiesTest {

    @Test
    void a_confirmation_must_be_written_well_before_the_sweep_would_publish_again() {
        assertThatThrownBy(() -> properties(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confirm-interval (PT1S) must be less than half of")
                .hasMessageContaining("publish-grace (PT2S)");
        assertThatCode(() -> properties(Duration.ofMillis(999), Duration.ofSeconds(2)))
                .doesNotThrowAnyException();
    }

    @Test
    void unclaimed_jobs_are_published_again_only_after_the_publish_grace() {
        assertThatThrownBy(() -> properties(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("republish-after (PT5S) must be longer than")
                .hasMessageContaining("publish-grace (PT5S)");
        assertThatCode(() -> properties(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(6)))
                .doesNotThrowAnyException();
    }

    private static DispatchProperties properties(Duration confirmInterval, Duration publishGrace) {
        return properties(confirmInterval, publishGrace, Duration.ofMinutes(5));
    }

    private static DispatchProperties properties(
            Duration confirmInterval, Duration publishGrace, Duration republishAfter) {
        return new DispatchProperties(
                publishGrace,
                Duration.ofSeconds(1),
                500,
                Duration.ofSeconds(10),
                confirmInterval,
                1000,
                republishAfter);
    }
}
