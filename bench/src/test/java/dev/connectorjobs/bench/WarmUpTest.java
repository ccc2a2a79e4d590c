package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void two_rounds_are_never_enough() {
        assertThat(WarmUp.settled(List.of(0.5))).isFalse();
        assertThat(WarmUp.settled(List.of(0.5, 0.5))).isFalse();
    }

    @Test
    void a_round_much_cheaper_than_the_ones_before_asks_for_more() {
        assertThat(WarmUp.settled(List.of(2.0, 1.2, 0.8))).isFalse();
        assertThat(WarmUp.settled(List.of(2.742, 0.909, 0.524, 0.535)))
                .as("one round no cheaper is not enough")
                .isFalse();
        assertThat(WarmUp.settled(List.of(2.742, 0.909, 0.524, 0.535, 0.47)))
                .as("the cheapest round before the last two was 0.524; 0.47 is 10 %% less")
                .isFalse();
    }

    @Test
    void two_rounds_in_a_row_no_longer_clearly_cheaper_end_the_warm_up() {
        assertThat(WarmUp.settled(List.of(2.0, 1.2, 1.15, 1.16))).isTrue();
        assertThat(WarmUp.settled(List.of(2.0, 1.2, 1.3, 1.17))).isTrue();
        assertThat(WarmUp.settled(List.of(2.742, 0.909, 0.524, 0.535, 0.52))).isTrue();
        assertThat(WarmUp.settled(List.of(3.29, 3.01, 3.0)))
                .as("3.01 is 8.5 %% cheaper than 3.29 and still falls")
                .isFalse();
    }

    @Test
    void the_warm_up_ends_after_the_last_round_allowed() {
        List<Double> falling = new java.util.ArrayList<>();
        double cost = 100;
        for (int i = 0; i < WarmUp.MAX_ROUNDS - 1; i++) {
            falling.add(cost);
            cost /= 2;
        }
        assertThat(WarmUp.settled(falling)).isFalse();

        falling.add(cost);

        assertThat(WarmUp.settled(falling)).isTrue();
        assertThat(WarmUp.settled(Collections.nCopies(WarmUp.MAX_ROUNDS, 1.0))).isTrue();
    }
}
