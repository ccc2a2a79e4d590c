package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Comparison;
import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Period;
import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Spread;
import dev.connectorjobs.devstack.chaos.RecoveryTimes.ByKind;
import dev.connectorjobs.devstack.chaos.RecoveryTimes.Percentiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChaosReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void the_rolling_upgrade_entry_holds_the_load_during_the_roll_and_the_baseline() {
        Period during = new Period(1_000, 12, 0, Spread.of(new long[] {5, 40, 900}), Spread.of(new long[] {30, 2_000}));
        Period baseline = new Period(5_000, 0, 0, Spread.of(new long[] {4, 6}), Spread.of(new long[0]));
        ChaosReport report = report(Map.of(FaultKind.ROLLING_UPGRADE, new Comparison(during, baseline)));

        JsonNode root = JSON.readTree(report.chaosLine().substring("CHAOS ".length()));

        assertThat(root.at("/jobs/failovers").asLong()).isEqualTo(12);
        JsonNode roll = root.at("/faults/rolling-upgrade");
        assertThat(roll.at("/count").asInt()).isEqualTo(1);
        assertThat(roll.at("/during/submissions").asInt()).isEqualTo(1_000);
        assertThat(roll.at("/during/failovers").asInt()).isEqualTo(12);
        assertThat(roll.at("/during/not_accepted").asInt()).isZero();
        assertThat(roll.at("/during/submit_latency_ms/p50").asLong()).isEqualTo(40);
        assertThat(roll.at("/during/submit_latency_ms/p99").asLong()).isEqualTo(900);
        assertThat(roll.at("/during/submit_latency_ms/max").asLong()).isEqualTo(900);
        assertThat(roll.at("/during/submit_to_start_ms/max").asLong()).isEqualTo(2_000);
        assertThat(roll.at("/baseline/submit_latency_ms/p99").asLong()).isEqualTo(6);
        assertThat(roll.at("/baseline/submit_to_start_ms/p50").isNull()).isTrue();
        assertThat(report.lines())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("rolling-upgrade load: during the faults 1000 submissions, 12 failovers")
                        .contains("submission latency p50 40 ms p99 900 ms max 900 ms"));
    }

    @Test
    void without_a_load_measure_the_fault_entry_holds_only_its_recovery_times() {
        JsonNode root = JSON.readTree(report(Map.of()).chaosLine().substring("CHAOS ".length()));

        assertThat(root.at("/faults/rolling-upgrade/during").isMissingNode()).isTrue();
        assertThat(root.at("/faults/rolling-upgrade/next_job_started_ms/p50").asLong())
                .isEqualTo(1_500);
    }

    private static ChaosReport report(Map<FaultKind, Comparison> load) {
        Percentiles recovery = Percentiles.of(List.of(1_500L));
        return new ChaosReport(
                7,
                Duration.ofSeconds(300),
                6_000,
                6_000,
                Map.of("202", 6_000L),
                12,
                Map.of("SUCCESS", 6_000L),
                1_800,
                Map.of(FaultKind.ROLLING_UPGRADE, new ByKind(1, recovery, recovery)),
                load,
                ChaosVerdict.check(List.of(), Map.of(), new ChaosRecords(Map.of(), List.of()), List.of()));
    }
}
