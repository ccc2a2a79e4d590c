package dev.connectorjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** The sweeps run at the intervals of the bound properties, defaults included. */
class ScheduledIntervalsTest {

    @Test
    void each_sweep_runs_at_the_interval_of_its_bound_property() {
        Map<String, FixedDelayTask> tasks =
                AdminApi.get().context().getBeansOfType(ScheduledTaskHolder.class).values().stream()
                        .flatMap(holder -> holder.getScheduledTasks().stream())
                        .map(ScheduledTask::getTask)
                        .filter(FixedDelayTask.class::isInstance)
                        .map(FixedDelayTask.class::cast)
                        .collect(Collectors.toMap(task -> task.getRunnable().toString(), task -> task));

        // AdminApi sets jobs.api.reaper.interval=200ms; the others keep their records' defaults.
        assertThat(tasks).hasEntrySatisfying("dev.connectorjobs.api.recovery.LeaseReaper.reapScheduled", task -> {
            assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMillis(200));
            assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofMillis(200));
        });
        assertThat(tasks)
                .hasEntrySatisfying(
                        "dev.connectorjobs.api.dispatch.OutboxDispatcher.sweepScheduled",
                        task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(tasks)
                .hasEntrySatisfying(
                        "dev.connectorjobs.api.dispatch.OutboxDispatcher.windowSweepScheduled",
                        task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMillis(100)));
        assertThat(tasks)
                .hasEntrySatisfying(
                        "dev.connectorjobs.api.dispatch.OutboxDispatcher.republishScheduled",
                        task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMinutes(1)));
        assertThat(tasks)
                .hasEntrySatisfying(
                        "dev.connectorjobs.api.recovery.RetentionSweeper.sweepScheduled",
                        task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMinutes(1)));
        assertThat(tasks)
                .hasEntrySatisfying(
                        "dev.connectorjobs.api.metrics.BacklogGauges.refreshScheduled",
                        task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(15)));
    }
}
