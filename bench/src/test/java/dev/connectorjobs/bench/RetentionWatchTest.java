package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.RetentionWatch.Sample;
import dev.connectorjobs.bench.RetentionWatch.Sweep;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionWatchTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void the_sweep_runs_from_the_last_quiet_sample_to_the_sample_that_saw_the_last_deletion() {
        Sweep sweep = RetentionWatch.summarize(List.of(
                new Sample(0, 100),
                new Sample(SECOND, 100),
                new Sample(2 * SECOND, 5_100),
                new Sample(3 * SECOND, 10_100),
                new Sample(4 * SECOND, 12_100),
                new Sample(5 * SECOND, 12_100)));

        assertThat(sweep.deleted()).isEqualTo(12_000);
        assertThat(sweep.activeSeconds()).isEqualTo(3.0);
        assertThat(sweep.rowsPerSecond()).isEqualTo(4_000.0);
    }

    @Test
    void without_deletions_there_is_no_sweep() {
        Sweep sweep = RetentionWatch.summarize(List.of(new Sample(0, 7), new Sample(SECOND, 7)));

        assertThat(sweep.deleted()).isZero();
        assertThat(sweep.rowsPerSecond()).isZero();
        assertThat(RetentionWatch.summarize(List.of(new Sample(0, 7))).deleted())
                .isZero();
    }
}
