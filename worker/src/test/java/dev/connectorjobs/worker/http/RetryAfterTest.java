package dev.connectorjobs.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-03-04T10:00:00Z");

    @Test
    void seconds_are_read_as_a_delay() {
        assertThat(RetryAfter.parse("2", NOW)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
    }

    @Test
    void an_http_date_in_each_format_a_recipient_must_accept_is_a_delay_until_then() {
        assertThat(RetryAfter.parse("Tue, 04 Mar 2025 10:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tuesday, 04-Mar-25 10:01:00 GMT", NOW)).contains(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Tue Mar  4 10:00:05 2025", NOW)).contains(Duration.ofSeconds(5));
    }

    @Test
    void a_date_in_the_past_means_now() {
        assertThat(RetryAfter.parse("Tue, 04 Mar 2025 09:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void absent_or_unreadable_values_ask_for_nothing() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
    }

    @Test
    void x_ratelimit_reset_is_seconds_until_the_reset_or_past_ten_to_the_ninth_the_resets_unix_time() {
        assertThat(RetryAfter.rateLimitReset("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.rateLimitReset("0", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.rateLimitReset(Long.toString(NOW.getEpochSecond() + 42), NOW))
                .contains(Duration.ofSeconds(42));
        assertThat(RetryAfter.rateLimitReset(Long.toString(NOW.getEpochSecond() - 42), NOW))
                .contains(Duration.ZERO);
        assertThat(RetryAfter.rateLimitReset(null, NOW)).isEmpty();
        assertThat(RetryAfter.rateLimitReset("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.rateLimitReset("-3", NOW)).isEmpty();
        assertThat(RetryAfter.rateLimitReset("99999999999999999999999", NOW)).isEmpty();
    }
}
