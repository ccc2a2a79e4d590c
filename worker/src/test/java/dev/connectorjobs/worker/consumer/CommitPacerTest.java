package dev.connectorjobs.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.worker.consumer.JobRecordListener.CommitPacer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitPacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void the_first_poll_commits_and_later_ones_only_after_the_interval() {
        CommitPacer pacer = new CommitPacer(Duration.ofMillis(250));
        long start = 123_456 * MS;

        assertThat(pacer.due(start)).isTrue();
        assertThat(pacer.due(start + 10 * MS)).isFalse();
        assertThat(pacer.due(start + 249 * MS)).isFalse();
        assertThat(pacer.due(start + 250 * MS)).isTrue();
        assertThat(pacer.due(start + 260 * MS)).isFalse();
    }

    @Test
    void a_commit_made_by_a_partial_acknowledgement_restarts_the_interval() {
        CommitPacer pacer = new CommitPacer(Duration.ofMillis(250));

        pacer.committed(1_000 * MS);

        assertThat(pacer.due(1_100 * MS)).isFalse();
        assertThat(pacer.due(1_250 * MS)).isTrue();
    }

    @Test
    void a_zero_interval_commits_after_every_poll() {
        CommitPacer pacer = new CommitPacer(Duration.ZERO);

        assertThat(pacer.due(5 * MS)).isTrue();
        assertThat(pacer.due(5 * MS)).isTrue();
        assertThat(pacer.due(6 * MS)).isTrue();
    }

    @Test
    void the_interval_holds_across_a_negative_nano_time() {
        CommitPacer pacer = new CommitPacer(Duration.ofMillis(250));

        assertThat(pacer.due(-100 * MS)).isTrue();
        assertThat(pacer.due(100 * MS)).isFalse();
        assertThat(pacer.due(150 * MS)).isTrue();
    }
}
