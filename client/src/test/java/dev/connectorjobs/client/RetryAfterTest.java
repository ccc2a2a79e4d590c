package dev.connectorjobs.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both forms of Retry-After (RFC 9110): delay-seconds and an HTTP-date. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void delay_seconds_are_read_as_a_duration() {
        assertThat(RetryAfter.parse(Optional.of(" 7 "), NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void an_http_date_is_read_as_the_time_until_it_and_a_past_date_as_no_wait() {
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 10:00:12 GMT"), NOW))
                .contains(Duration.ofSeconds(12));
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 09:00:00 GMT"), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void garbage_or_a_negative_number_is_no_retry_after() {
        assertThat(RetryAfter.parse(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("-3"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEmpty();
    }
}
