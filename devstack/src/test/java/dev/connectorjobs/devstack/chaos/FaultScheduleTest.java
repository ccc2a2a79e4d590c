package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.devstack.chaos.FaultSchedule.Planned;
import dev.connectorjobs.devstack.chaos.FaultSchedule.Timing;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static final Timing TEN_MINUTES = new Timing(
            Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(45), 3, 1);

    @Test
    void every_exclusive_fault_runs_once_in_class_order_inside_the_run() {
        FaultSchedule schedule = FaultSchedule.plan(TEN_MINUTES, ChaosOptions.DEFAULT_FAULTS);

        List<FaultKind> exclusive = schedule.faults().stream()
                .map(Planned::kind)
                .filter(k -> k != FaultKind.WORKER_KILL)
                .toList();
        assertThat(exclusive)
                .containsExactly(
                        FaultKind.API_KILL,
                        FaultKind.WORKER_RESTART,
                        FaultKind.KAFKA_KILL,
                        FaultKind.POSTGRES_KILL,
                        FaultKind.DB_CUT_ONE,
                        FaultKind.DB_CUT_ALL,
                        FaultKind.WORKER_PAUSE);
        assertThat(schedule.faults())
                .allSatisfy(p -> assertThat(p.at())
                        .isGreaterThanOrEqualTo(FaultSchedule.SETTLE)
                        .isLessThanOrEqualTo(TEN_MINUTES.duration().minus(FaultSchedule.TAIL)));
        assertThat(schedule.faults()).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
    }

    @Test
    void worker_kills_never_fall_into_another_faults_window() {
        FaultSchedule schedule = FaultSchedule.plan(TEN_MINUTES, ChaosOptions.DEFAULT_FAULTS);

        List<Planned> exclusive = schedule.faults().stream()
                .filter(p -> p.kind() != FaultKind.WORKER_KILL)
                .toList();
        assertThat(schedule.count(FaultKind.WORKER_KILL)).isPositive();
        schedule.faults().stream()
                .filter(p -> p.kind() == FaultKind.WORKER_KILL)
                .forEach(kill -> assertThat(exclusive)
                        .noneMatch(e -> kill.at().compareTo(e.at()) >= 0
                                && kill.at().compareTo(e.at().plus(FaultSchedule.window(e.kind(), TEN_MINUTES))) < 0));
    }

    @Test
    void worker_kills_alone_come_at_the_kill_interval_from_settle_to_tail() {
        FaultSchedule schedule = FaultSchedule.plan(TEN_MINUTES, Set.of(FaultKind.WORKER_KILL));

        // 15 s, 25 s, ... 585 s: 58 kills, 10 s apart
        assertThat(schedule.faults()).hasSize(58);
        assertThat(schedule.faults().getFirst().at()).isEqualTo(FaultSchedule.SETTLE);
        assertThat(schedule.faults().getLast().at()).isEqualTo(Duration.ofSeconds(585));
    }

    @Test
    void only_the_asked_fault_classes_are_planned() {
        FaultSchedule schedule = FaultSchedule.plan(TEN_MINUTES, Set.of(FaultKind.WORKER_PAUSE, FaultKind.KAFKA_KILL));

        assertThat(schedule.faults())
                .extracting(Planned::kind)
                .containsExactly(FaultKind.KAFKA_KILL, FaultKind.WORKER_PAUSE);
    }

    @Test
    void faults_that_do_not_fit_run_back_to_back_past_the_duration() {
        Timing short_ = new Timing(
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(45), 3, 1);

        FaultSchedule schedule = FaultSchedule.plan(short_, Set.of(FaultKind.DB_CUT_ONE, FaultKind.DB_CUT_ALL));

        assertThat(schedule.faults())
                .containsExactly(
                        new Planned(FaultSchedule.SETTLE, FaultKind.DB_CUT_ONE),
                        new Planned(
                                FaultSchedule.SETTLE.plus(FaultSchedule.window(FaultKind.DB_CUT_ONE, short_)),
                                FaultKind.DB_CUT_ALL));
    }

    @Test
    void rounds_repeat_every_exclusive_class_in_class_order_with_kills_between() {
        Timing hour = new Timing(
                Duration.ofMinutes(60), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(45), 4, 1);

        FaultSchedule schedule = FaultSchedule.plan(hour, EnumSet.allOf(FaultKind.class), 3);

        List<FaultKind> exclusive = schedule.faults().stream()
                .map(Planned::kind)
                .filter(k -> k != FaultKind.WORKER_KILL)
                .toList();
        List<FaultKind> round = EnumSet.complementOf(EnumSet.of(FaultKind.WORKER_KILL)).stream()
                .sorted()
                .toList();
        assertThat(exclusive.subList(0, round.size())).isEqualTo(round);
        assertThat(exclusive.subList(round.size(), 2 * round.size())).isEqualTo(round);
        assertThat(exclusive.subList(2 * round.size(), 3 * round.size())).isEqualTo(round);
        assertThat(exclusive).hasSize(3 * round.size());
        assertThat(schedule.count(FaultKind.WORKER_KILL)).isGreaterThan(100);
        assertThat(schedule.faults().getLast().at())
                .isLessThanOrEqualTo(hour.duration().minus(FaultSchedule.TAIL));
    }

    @Test
    void a_rolling_upgrade_keeps_a_window_for_every_worker_and_every_api_gateway() {
        Timing fiveMinutes = new Timing(
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(45), 3, 2);

        Duration window = FaultSchedule.window(FaultKind.ROLLING_UPGRADE, fiveMinutes);
        FaultSchedule schedule = FaultSchedule.plan(fiveMinutes, Set.of(FaultKind.ROLLING_UPGRADE));

        // 3 workers * 30 s + 2 api-gateways * 60 s + 20 s of quiet
        assertThat(window).isEqualTo(Duration.ofSeconds(230));
        assertThat(FaultSchedule.window(FaultKind.ROLLING_UPGRADE, withApis(fiveMinutes, 3)))
                .isEqualTo(window.plus(FaultSchedule.RESTART_PER_API));
        // the 45 s the window leaves free, split before and after it
        assertThat(schedule.faults())
                .containsExactly(
                        new Planned(FaultSchedule.SETTLE.plus(Duration.ofMillis(22_500)), FaultKind.ROLLING_UPGRADE));
        assertThat(schedule.faults().getFirst().at().plus(window))
                .isLessThanOrEqualTo(fiveMinutes.duration().minus(FaultSchedule.TAIL));
    }

    private static Timing withApis(Timing timing, int apis) {
        return new Timing(
                timing.duration(), timing.killInterval(), timing.outage(), timing.pause(), timing.workers(), apis);
    }
}
