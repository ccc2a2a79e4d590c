package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.JobRecords.AttemptRow;
import dev.connectorjobs.bench.JobRecords.JobRow;
import dev.connectorjobs.bench.ReplicaReport.EventFigures;
import dev.connectorjobs.bench.ReplicaReport.Window;
import dev.connectorjobs.bench.ReplicaScheduler.Fired;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ReplicaReportTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final Offset<Double> CLOSE = Offset.offset(1e-6);

    private final Map<UUID, JobRow> jobs = new HashMap<>();
    private final List<AttemptRow> attempts = new ArrayList<>();
    /** Every job was due to be sent 5 ms before the API stored it. */
    private final Map<UUID, Long> intended = new HashMap<>();

    /** A job created at {@code createdMs} after T0 that started {@code waitMs} later on {@code worker} and took 1 ms. */
    private UUID ranOnce(long createdMs, long waitMs, String worker) {
        UUID id = UUID.randomUUID();
        Instant created = at(createdMs);
        Instant started = created.plusMillis(waitMs);
        jobs.put(id, new JobRow(id, "SUCCESS", 1, created, Optional.of(started), Optional.of(started.plusMillis(1))));
        intended.put(id, micros(createdMs - 5));
        attempts.add(new AttemptRow(id, 1, "SUCCESS", worker, started));
        return id;
    }

    /** A job lost in flight on {@code lostOn} at {@code startedMs}, run again at {@code rerunMs} on {@code rerunOn}. */
    private UUID lostAndRerun(long createdMs, long startedMs, String lostOn, long rerunMs, String rerunOn) {
        UUID id = UUID.randomUUID();
        jobs.put(
                id,
                new JobRow(id, "SUCCESS", 2, at(createdMs), Optional.of(at(rerunMs)), Optional.of(at(rerunMs + 1))));
        attempts.add(new AttemptRow(id, 1, "WORKER_LOST", lostOn, at(startedMs)));
        attempts.add(new AttemptRow(id, 2, "SUCCESS", rerunOn, at(rerunMs)));
        return id;
    }

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    private static long micros(long ms) {
        return RunClock.epochMicros(at(ms));
    }

    private static Fired fired(ReplicaEvent.Kind kind, long atMs, String worker) {
        return new Fired(
                new ReplicaEvent(kind, Duration.ofMillis(atMs)),
                at(atMs),
                at(atMs),
                at(atMs),
                worker,
                Optional.empty());
    }

    @Test
    void a_window_counts_starts_and_successes_per_second_and_its_longest_gap_edges_included() {
        // Starts at 0, 100, 200 ms ... 900 ms: ten in one second; then nothing until 1.5 s, one at 1.5 s.
        for (int i = 0; i < 10; i++) {
            ranOnce(i * 100L, 0, "worker-1");
        }
        ranOnce(1_500, 0, "worker-1");
        JobRecords records = new JobRecords(jobs, attempts);
        long[] starts = records.attempts().stream()
                .mapToLong(a -> RunClock.epochMicros(a.startedAt()))
                .sorted()
                .toArray();

        Window window = ReplicaReport.window(records, intended, starts, micros(0), micros(2_000));

        assertThat(window.seconds()).isCloseTo(2.0, CLOSE);
        assertThat(window.startedPerSecond()).isCloseTo(5.5, CLOSE);
        assertThat(window.succeededPerSecond()).isCloseTo(5.5, CLOSE);
        assertThat(window.longestGapMs()).isCloseTo(600.0, CLOSE); // 900 ms to 1.5 s
        assertThat(ReplicaReport.window(records, intended, starts, micros(1_600), micros(2_000))
                        .longestGapMs())
                .as("no start at all: the whole window")
                .isCloseTo(400.0, CLOSE);
    }

    @Test
    void the_latency_of_a_window_is_created_to_last_started_of_the_jobs_created_in_it_by_nearest_rank() {
        for (int i = 1; i <= 100; i++) {
            ranOnce(i, i, "worker-1"); // waits of 1 .. 100 ms
        }
        ranOnce(5_000, 9_999, "worker-1"); // created after the window: not counted
        JobRecords records = new JobRecords(jobs, attempts);

        Window window = ReplicaReport.window(records, intended, new long[0], micros(0), micros(1_000));

        assertThat(window.createdToStarted().count()).isEqualTo(100);
        assertThat(window.createdToStarted().p50Ms()).isCloseTo(50.0, CLOSE);
        assertThat(window.createdToStarted().p99Ms()).isCloseTo(99.0, CLOSE);
        assertThat(window.createdToStarted().maxMs()).isCloseTo(100.0, CLOSE);
        // Due 5 ms before they were created: the four due at -4 to -1 ms are before the window, and the
        // others waited 10 .. 105 ms from their intended send time.
        assertThat(window.submitToStarted().count()).isEqualTo(96);
        assertThat(window.submitToStarted().p50Ms()).isCloseTo(57.0, CLOSE);
        assertThat(window.submitToStarted().p99Ms()).isCloseTo(105.0, CLOSE);
    }

    @Test
    void windows_are_thirty_seconds_either_side_of_the_event_cut_to_the_run() {
        // One start a second for 50 s, but none between 20 and 26 s: the kill at 20 s stalled them.
        for (long ms = 0; ms <= 50_000; ms += 1_000) {
            if (ms > 20_000 && ms < 26_000) {
                continue;
            }
            ranOnce(ms, 0, ms % 2000 == 0 ? "worker-2" : "worker-3");
        }

        ReplicaReport report = ReplicaReport.of(
                List.of(fired(ReplicaEvent.Kind.KILL, 20_000, "worker-1")),
                new JobRecords(jobs, attempts),
                micros(0),
                intended);

        EventFigures kill = report.events().getFirst();
        assertThat(kill.before().seconds()).as("cut at the run's start").isCloseTo(20.0, CLOSE);
        assertThat(kill.after().seconds()).as("cut at the last start, 50 s").isCloseTo(30.0, CLOSE);
        assertThat(kill.before().longestGapMs()).isCloseTo(1_000.0, CLOSE);
        assertThat(kill.after().longestGapMs()).isCloseTo(6_000.0, CLOSE);
        assertThat(kill.before().startedPerSecond()).isCloseTo(1.0, CLOSE);
    }

    @Test
    void re_runs_are_counted_for_the_worker_of_their_first_attempt_and_lost_ones_apart() {
        for (long ms = 0; ms < 10_000; ms += 100) {
            ranOnce(ms, 0, ms % 200 == 0 ? "worker-1" : "worker-2");
        }
        lostAndRerun(4_900, 4_950, "worker-1", 35_000, "worker-2");
        lostAndRerun(4_950, 4_990, "worker-1", 35_001, "worker-2");
        UUID handedBack = UUID.randomUUID();
        jobs.put(
                handedBack,
                new JobRow(handedBack, "SUCCESS", 2, at(1_000), Optional.of(at(2_000)), Optional.of(at(2_001))));
        attempts.add(new AttemptRow(handedBack, 1, "RETRY", "worker-2", at(1_000)));
        attempts.add(new AttemptRow(handedBack, 2, "SUCCESS", "worker-1", at(2_000)));
        JobRecords records = new JobRecords(jobs, attempts);
        List<Fired> fired = List.of(
                fired(ReplicaEvent.Kind.ADD, 1_000, "worker-3"), fired(ReplicaEvent.Kind.KILL, 5_000, "worker-1"));

        ReplicaReport report = ReplicaReport.of(fired, records, micros(0), intended);

        assertThat(report.rerunsByFirstWorker())
                .containsExactlyInAnyOrderEntriesOf(Map.of("worker-1", 2, "worker-2", 1));
        EventFigures kill = report.events().get(1);
        assertThat(kill.reruns()).isEqualTo(2);
        assertThat(kill.lostReruns()).isEqualTo(2);
        assertThat(report.events().get(0).reruns()).isZero();
        assertThat(ReplicaReport.killedWorkers(fired)).containsExactly("worker-1");
        assertThat(report.lines())
                .anySatisfy(line -> assertThat(line).contains("kill@5").contains("worker-1"));
        assertThat(report.json()).extracting(e -> e.get("worker")).containsExactly("worker-3", "worker-1");
        assertThat(report.json())
                .extracting(e -> e.get("other_events_in_windows"))
                .containsExactly(List.of("kill@5"), List.of("add@1"));

        ExactlyOnce.Verdict verdict = ExactlyOnce.check(List.copyOf(jobs.keySet()), records, Set.of("worker-1"));
        assertThat(verdict.problems())
                .as("the killed worker's lost jobs pass, the job handed back by worker-2 does not")
                .hasSize(2)
                .allSatisfy(p -> assertThat(p).contains(handedBack.toString()));
        assertThat(verdict.rerunAfterKill()).isEqualTo(2);
    }
}
