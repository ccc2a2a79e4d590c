package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Failed authentications per address: a burst, then a steady rate, with the wait told. */
class AuthenticationThrottleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T00:00:00Z"));
    private final AuthenticationThrottle throttle = new AuthenticationThrottle(
            new SecurityProperties(
                    null, Duration.ofSeconds(5), 1000, 2000, DataSize.ofKilobytes(256), 3, 6, true, false),
            clock);

    @Test
    void an_address_may_fail_a_burst_of_times_then_waits_for_the_rate() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfter("10.0.0.1")).isEmpty();
            throttle.failed("10.0.0.1");
        }

        assertThat(throttle.retryAfter("10.0.0.1")).contains(Duration.ofSeconds(10)); // 6 per minute
        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.retryAfter("10.0.0.1")).isEmpty();
    }

    @Test
    void other_addresses_are_not_held_up() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1");
        }

        assertThat(throttle.retryAfter("10.0.0.1")).isPresent();
        assertThat(throttle.retryAfter("10.0.0.2")).isEmpty();
    }
}
