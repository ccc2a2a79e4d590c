package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistorySeederTest {

    @Test
    void seeding_tops_the_table_up_to_the_target() {
        assertThat(HistorySeeder.missing(10_000_000, 0)).isEqualTo(10_000_000);
        assertThat(HistorySeeder.missing(10_000_000, 9_000_000)).isEqualTo(1_000_000);
    }

    @Test
    void a_table_that_holds_the_target_or_more_gets_nothing_and_an_unknown_estimate_counts_as_empty() {
        assertThat(HistorySeeder.missing(10_000_000, 10_000_002)).isZero();
        assertThat(HistorySeeder.missing(200_000, -1)).isEqualTo(200_000);
    }
}
