package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentiles_are_the_smallest_values_that_the_given_share_of_values_does_not_exceed() {
        long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();

        assertThat(LatencySummary.nearestRank(oneToHundred, 50)).isEqualTo(50);
        assertThat(LatencySummary.nearestRank(oneToHundred, 95)).isEqualTo(95);
        assertThat(LatencySummary.nearestRank(oneToHundred, 99)).isEqualTo(99);
        assertThat(LatencySummary.nearestRank(oneToHundred, 100)).isEqualTo(100);
        assertThat(LatencySummary.nearestRank(oneToHundred, 0.1)).isEqualTo(1);
    }

    @Test
    void a_percentile_between_ranks_rounds_up_to_the_next_value() {
        long[] tenValues = LongStream.rangeClosed(1, 10).map(v -> v * 10).toArray();

        assertThat(LatencySummary.nearestRank(tenValues, 95)).isEqualTo(100);
        assertThat(LatencySummary.nearestRank(tenValues, 50)).isEqualTo(50);
        assertThat(LatencySummary.nearestRank(tenValues, 51)).isEqualTo(60);
    }

    @Test
    void a_summary_sorts_its_input_and_reports_milliseconds() {
        long[] micros =
                LongStream.rangeClosed(1, 1_000).map(v -> (1_001 - v) * 1_000).toArray();

        LatencySummary summary = LatencySummary.ofMicros(micros);

        assertThat(summary.count()).isEqualTo(1_000);
        assertThat(summary.p50Ms()).isEqualTo(500.0);
        assertThat(summary.p95Ms()).isEqualTo(950.0);
        assertThat(summary.p99Ms()).isEqualTo(990.0);
        assertThat(summary.maxMs()).isEqualTo(1_000.0);
        assertThat(micros[0]).as("the input is left as it was").isEqualTo(1_000_000);
    }

    @Test
    void one_slow_value_in_a_hundred_shows_in_the_maximum_but_not_in_the_99th_percentile() {
        long[] micros =
                LongStream.range(0, 100).map(i -> i == 42 ? 5_000_000 : 2_000).toArray();

        LatencySummary summary = LatencySummary.ofMicros(micros);

        assertThat(summary.p99Ms()).isEqualTo(2.0);
        assertThat(summary.maxMs()).isEqualTo(5_000.0);
    }

    @Test
    void no_values_give_an_empty_summary() {
        assertThat(LatencySummary.ofMicros(new long[0])).isEqualTo(LatencySummary.EMPTY);
        assertThatThrownBy(() -> LatencySummary.nearestRank(new long[0], 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.nearestRank(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
