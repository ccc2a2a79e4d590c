package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.devstack.chaos.ChaosLoad.Submission;
import dev.connectorjobs.devstack.chaos.ChaosRecords.AttemptRow;
import dev.connectorjobs.devstack.chaos.ChaosRecords.JobRow;
import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Comparison;
import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Spread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LoadDuringFaultsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Submission> submissions = new ArrayList<>();
    private final Map<UUID, JobRow> jobs = new HashMap<>();
    private final List<AttemptRow> attempts = new ArrayList<>();

    @Test
    void spreads_are_nearest_rank_percentiles_and_the_largest_value() {
        Spread spread =
                Spread.of(LongStream.rangeClosed(1, 200).map(i -> 201 - i).toArray());

        assertThat(spread.count()).isEqualTo(200);
        assertThat(spread.p50Ms()).contains(100L);
        assertThat(spread.p99Ms()).contains(198L);
        assertThat(spread.maxMs()).contains(200L);
    }

    @Test
    void a_spread_of_nothing_is_empty() {
        Spread spread = Spread.of(new long[0]);

        assertThat(spread.count()).isZero();
        assertThat(spread.p50Ms()).isEmpty();
        assertThat(spread.p99Ms()).isEmpty();
        assertThat(spread.maxMs()).isEmpty();
    }

    @Test
    void submissions_due_during_the_roll_are_compared_with_those_due_outside_every_fault() {
        // the roll from 100 s to 200 s; a worker kill at 300 s; quiet time 20 s after each
        List<FaultEvent> events = List.of(
                new FaultEvent(FaultKind.ROLLING_UPGRADE, at(100), at(200), "worker-1,api-gateway"),
                new FaultEvent(FaultKind.WORKER_KILL, at(300), at(300), "worker-2"));
        accepted(5, 1, 10, 20); // settling: neither
        accepted(50, 1, 10, 30); // baseline
        accepted(120, 2, 900, 4_000); // during
        notAccepted(150, 4); // during
        accepted(210, 1, 10, 30); // quiet after the roll: neither
        accepted(310, 1, 10, 30); // quiet after the kill: neither
        accepted(400, 1, 20, 50); // baseline

        Comparison comparison = LoadDuringFaults.measure(
                FaultKind.ROLLING_UPGRADE, events, submissions, new ChaosRecords(jobs, attempts), T0);

        LoadDuringFaults.Period during = comparison.during();
        assertThat(during.submissions()).isEqualTo(2);
        assertThat(during.failovers()).isEqualTo(1 + 3);
        assertThat(during.notAccepted()).isEqualTo(1);
        assertThat(during.submitLatency().count()).isEqualTo(1);
        assertThat(during.submitLatency().maxMs()).contains(900L);
        assertThat(during.submitToStart().p99Ms()).contains(4_000L);
        LoadDuringFaults.Period baseline = comparison.baseline();
        assertThat(baseline.submissions()).isEqualTo(2);
        assertThat(baseline.failovers()).isZero();
        assertThat(baseline.notAccepted()).isZero();
        assertThat(baseline.submitLatency().p50Ms()).contains(10L);
        assertThat(baseline.submitLatency().maxMs()).contains(20L);
        assertThat(baseline.submitToStart().p50Ms()).contains(30L);
        assertThat(baseline.submitToStart().maxMs()).contains(50L);
    }

    @Test
    void submit_to_start_counts_to_the_first_attempt_of_a_job_and_skips_jobs_that_never_started() {
        List<FaultEvent> events = List.of(new FaultEvent(FaultKind.ROLLING_UPGRADE, at(100), at(200), "api-gateway"));
        UUID retried = accepted(120, 1, 10, 1_000);
        attempts.add(new AttemptRow(retried, 2, "worker-2", at(150), at(151), "SUCCESS"));
        UUID neverStarted = accepted(130, 1, 10, 0);
        attempts.removeIf(a -> a.jobId().equals(neverStarted));

        Comparison comparison = LoadDuringFaults.measure(
                FaultKind.ROLLING_UPGRADE, events, submissions, new ChaosRecords(jobs, attempts), T0);

        assertThat(comparison.during().submitLatency().count()).isEqualTo(2);
        assertThat(comparison.during().submitToStart().count()).isEqualTo(1);
        assertThat(comparison.during().submitToStart().maxMs()).contains(1_000L);
    }

    /** A submission due at {@code second}, accepted after {@code latencyMs}; its job starts {@code toStartMs} after. */
    private UUID accepted(int second, int tries, long latencyMs, long toStartMs) {
        UUID id = UUID.randomUUID();
        Instant created = at(second).plusMillis(latencyMs);
        submissions.add(new Submission(
                submissions.size(), at(second), Duration.ofMillis(latencyMs), tries, "202", Optional.of(id)));
        jobs.put(id, new JobRow(id, "diagnostics", "SUCCESS", created, Optional.of(created.plusSeconds(1))));
        attempts.add(
                new AttemptRow(id, 1, "worker-1", created.plusMillis(toStartMs), created.plusSeconds(1), "SUCCESS"));
        return id;
    }

    private void notAccepted(int second, int tries) {
        submissions.add(new Submission(
                submissions.size(), at(second), Duration.ofSeconds(30), tries, "ConnectException", Optional.empty()));
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }
}
