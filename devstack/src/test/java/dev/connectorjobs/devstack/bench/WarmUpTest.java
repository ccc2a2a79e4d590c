package dev.connectorjobs.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void one_round_is_never_enough() {
        assertThat(WarmUp.settled(List.of(0.5))).isFalse();
    }

    @Test
    void a_round_much_cheaper_than_the_one_before_asks_for_another() {
        assertThat(WarmUp.settled(List.of(2.0, 1.2))).isFalse();
        assertThat(WarmUp.settled(List.of(2.0, 1.2, 0.8))).isFalse();
    }

    @Test
    void a_round_that_is_no_longer_clearly_cheaper_ends_the_warm_up() {
        assertThat(WarmUp.settled(List.of(2.0, 1.2, 1.15))).isTrue();
        assertThat(WarmUp.settled(List.of(3.29, 3.01)))
                .as("8.5 %% cheaper still falls")
                .isFalse();
        assertThat(WarmUp.settled(List.of(2.0, 1.2, 1.3))).isTrue();
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
