package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosOptionsTest {

    @Test
    void without_faults_every_fault_class_but_the_rolling_upgrade_is_injected() {
        ChaosOptions options = ChaosOptions.parse(List.of("--duration", "40"), 7);

        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(40));
        assertThat(options.faults())
                .isEqualTo(EnumSet.complementOf(EnumSet.of(FaultKind.ROLLING_UPGRADE)))
                .hasSize(FaultKind.values().length - 1);
        assertThat(options.seed()).isEqualTo(7);
    }

    @Test
    void faults_takes_a_comma_separated_list_of_class_names() {
        ChaosOptions options = ChaosOptions.parse(List.of("--faults=worker-kill,worker-pause", "--seed", "3"), 7);

        assertThat(options.faults()).containsExactlyInAnyOrder(FaultKind.WORKER_KILL, FaultKind.WORKER_PAUSE);
        assertThat(options.seed()).isEqualTo(3);
    }

    @Test
    void an_unknown_fault_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--faults", "worker-kill,meteor"), 7))
                .isInstanceOf(ChaosUsageException.class)
                .hasMessageContaining("meteor")
                .hasMessageContaining("db-cut-all");
    }

    @Test
    void one_worker_is_refused_since_a_fault_needs_another_to_go_on() {
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--workers", "1"), 7))
                .isInstanceOf(ChaosUsageException.class)
                .hasMessageContaining("--workers");
    }

    @Test
    void rounds_default_to_one_and_are_refused_outside_their_range() {
        assertThat(ChaosOptions.parse(List.of(), 7).rounds()).isEqualTo(1);
        assertThat(ChaosOptions.parse(List.of("--rounds", "3"), 7).rounds()).isEqualTo(3);
        for (String bad : List.of("0", "-1", "101", "4294967297")) {
            assertThatThrownBy(() -> ChaosOptions.parse(List.of("--rounds", bad), 7))
                    .as(bad)
                    .isInstanceOf(ChaosUsageException.class)
                    .hasMessageContaining("--rounds");
        }
    }

    @Test
    void a_worker_count_past_the_int_range_is_refused_not_wrapped() {
        // 2^32 + 3 would wrap to 3 workers
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--workers", "4294967299"), 7))
                .isInstanceOf(ChaosUsageException.class)
                .hasMessageContaining("--workers");
    }

    @Test
    void apis_default_to_one_and_take_a_count_of_at_least_one() {
        assertThat(ChaosOptions.parse(List.of(), 7).apis()).isEqualTo(1);
        assertThat(ChaosOptions.parse(List.of("--apis", "2"), 7).apis()).isEqualTo(2);
        assertThat(ChaosOptions.parse(List.of("--apis=3"), 7).timing().apis()).isEqualTo(3);
        for (String bad : List.of("0", "-1", "4294967298", "two")) {
            assertThatThrownBy(() -> ChaosOptions.parse(List.of("--apis", bad), 7))
                    .as(bad)
                    .isInstanceOf(ChaosUsageException.class)
                    .hasMessageContaining("--apis");
        }
    }

    @Test
    void the_rolling_upgrade_is_a_fault_class_of_its_own() {
        ChaosOptions options = ChaosOptions.parse(List.of("--faults", "rolling-upgrade", "--apis", "2"), 7);

        assertThat(options.faults()).containsExactly(FaultKind.ROLLING_UPGRADE);
    }
}
