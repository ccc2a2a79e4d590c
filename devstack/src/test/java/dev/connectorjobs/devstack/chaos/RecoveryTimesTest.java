package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.devstack.chaos.ChaosRecords.AttemptRow;
import dev.connectorjobs.devstack.chaos.ChaosRecords.JobRow;
import dev.connectorjobs.devstack.chaos.RecoveryTimes.ByKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecoveryTimesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void recovery_runs_from_the_fault_to_the_next_attempt_started_and_to_the_last_older_job_finished() {
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        ChaosRecords records = new ChaosRecords(
                Map.of(
                        before, new JobRow(before, "diagnostics", "SUCCESS", at(5), Optional.of(at(40))),
                        after, new JobRow(after, "diagnostics", "SUCCESS", at(12), Optional.of(at(13)))),
                List.of(
                        new AttemptRow(before, 1, "worker-1", at(6), at(35), "WORKER_LOST"),
                        new AttemptRow(after, 1, "worker-2", at(12), at(13), "SUCCESS"),
                        new AttemptRow(before, 2, "worker-2", at(36), at(40), "SUCCESS")));

        Map<FaultKind, ByKind> times = RecoveryTimes.measure(
                List.of(new FaultEvent(FaultKind.WORKER_KILL, at(10), at(10), "worker-1")), records);

        ByKind kill = times.get(FaultKind.WORKER_KILL);
        assertThat(kill.count()).isEqualTo(1);
        assertThat(kill.nextStart().p50Ms()).contains(2_000L);
        assertThat(kill.drained().p50Ms()).contains(30_000L);
    }

    @Test
    void percentiles_are_nearest_rank() {
        RecoveryTimes.Percentiles percentiles = RecoveryTimes.Percentiles.of(List.of(400L, 100L, 300L, 200L));

        assertThat(percentiles.p50Ms()).contains(200L);
        assertThat(percentiles.p99Ms()).contains(400L);
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }
}
