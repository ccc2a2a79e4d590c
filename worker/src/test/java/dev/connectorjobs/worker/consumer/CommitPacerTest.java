package dev.connectorjobs.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.worker.consumer.OffsetCommits.CommitPacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

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

    @Test
    void polls_claimed_within_the_interval_wait_and_go_with_the_next_commit_oldest_first() {
        CommitPacer pacer = new CommitPacer(Duration.ofMillis(250));
        List<String> acknowledged = new ArrayList<>();

        pacer.claimed(ack("first", acknowledged), 0);
        pacer.claimed(ack("second", acknowledged), 100 * MS);
        pacer.claimed(ack("third", acknowledged), 200 * MS);

        assertThat(acknowledged).containsExactly("first");
        assertThat(pacer.waiting()).isEqualTo(2);

        pacer.claimed(ack("fourth", acknowledged), 250 * MS);

        assertThat(acknowledged).containsExactly("first", "second", "third", "fourth");
        assertThat(pacer.waiting()).isZero();
    }

    @Test
    void a_flush_lets_every_waiting_poll_go_and_restarts_the_interval() {
        CommitPacer pacer = new CommitPacer(Duration.ofMillis(250));
        List<String> acknowledged = new ArrayList<>();
        pacer.claimed(ack("first", acknowledged), 0);
        pacer.claimed(ack("second", acknowledged), 50 * MS);
        pacer.claimed(ack("third", acknowledged), 60 * MS);

        pacer.flush(200 * MS);

        assertThat(acknowledged).containsExactly("first", "second", "third");
        assertThat(pacer.due(300 * MS))
                .as("250 ms after the flush, not after the first commit")
                .isFalse();
        assertThat(pacer.due(450 * MS)).isTrue();
    }

    @Test
    void a_flush_with_nothing_waiting_is_no_commit() {
        CommitPacer pacer = new CommitPacer(Duration.ofMillis(250));
        pacer.claimed(ack("first", new ArrayList<>()), 0);

        pacer.flush(200 * MS);

        assertThat(pacer.due(250 * MS)).isTrue();
    }

    @Test
    void with_a_zero_interval_every_claimed_poll_goes_at_once() {
        CommitPacer pacer = new CommitPacer(Duration.ZERO);
        List<String> acknowledged = new ArrayList<>();

        pacer.claimed(ack("first", acknowledged), 5 * MS);
        pacer.claimed(ack("second", acknowledged), 5 * MS);

        assertThat(acknowledged).containsExactly("first", "second");
        assertThat(pacer.waiting()).isZero();
    }

    private static Acknowledgment ack(String name, List<String> acknowledged) {
        return () -> acknowledged.add(name);
    }
}
