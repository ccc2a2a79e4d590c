package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final long START = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    @Test
    void at_a_fixed_rate_each_request_is_due_at_its_place_in_the_schedule_whatever_the_clock_says_now() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(15_000, 1, OptionalDouble.of(500));

        assertThat(schedule.intendedNanos(0, START, START + 7 * MILLI)).isEqualTo(START);
        assertThat(schedule.intendedNanos(1, START, START)).isEqualTo(START + 2 * MILLI);
        assertThat(schedule.intendedNanos(500, START, START + 9_000 * MILLI)).isEqualTo(START + 1_000 * MILLI);
    }

    @Test
    void a_batch_request_is_due_when_all_of_its_jobs_would_have_been() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(100_000, 500, OptionalDouble.of(10_000));

        assertThat(schedule.intendedNanos(1, START, START)).isEqualTo(START + 50 * MILLI);
        assertThat(schedule.intendedNanos(20, START, START)).isEqualTo(START + 1_000 * MILLI);
    }

    @Test
    void fractional_rates_keep_their_precision() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(10, 1, OptionalDouble.of(3));

        assertThat(schedule.intendedNanos(1, START, START)).isEqualTo(START + 333_333_333L);
        assertThat(schedule.intendedNanos(3, START, START)).isEqualTo(START + 1_000_000_000L);
    }

    @Test
    void late_requests_of_a_long_run_do_not_overflow() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(10_000_000, 1, OptionalDouble.of(1));

        assertThat(schedule.intendedNanos(9_999_999, 0, 0)).isEqualTo(9_999_999L * 1_000_000_000L);
    }

    @Test
    void without_a_rate_a_request_is_due_when_a_client_takes_it() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(100, 1, OptionalDouble.empty());

        assertThat(schedule.intendedNanos(42, START, START + 123)).isEqualTo(START + 123);
    }

    @Test
    void jobs_are_cut_into_requests_of_batch_size_with_the_rest_in_the_last() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1_250, 500, OptionalDouble.empty());

        assertThat(schedule.requests()).isEqualTo(3);
        assertThat(schedule.firstJob(2)).isEqualTo(1_000);
        assertThat(schedule.jobsIn(0)).isEqualTo(500);
        assertThat(schedule.jobsIn(2)).isEqualTo(250);
    }

    @Test
    void a_schedule_needs_jobs_and_a_positive_rate() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 1, OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoopSchedule(1, 1, OptionalDouble.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wall_clock_times_follow_the_monotonic_clock_from_the_start() {
        RunClock clock = new RunClock(START, 1_700_000_000_000_000L);

        assertThat(clock.epochMicros(START + 2 * MILLI)).isEqualTo(1_700_000_000_002_000L);
        assertThat(clock.epochMicros(START - 1)).isEqualTo(1_699_999_999_999_999L);
    }
}
