package dev.connectorjobs.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two api-gateways (two Spring contexts, each with its own ticker, pool and producer) on the same
 * real PostgreSQL and Kafka, and a schedule that ticks every second for a minute: exactly one job
 * per tick, no tick twice and none left out.
 */
class TwoReplicasScheduleTest {

    private static ScheduleApi first;
    private static ScheduleApi second;

    @BeforeAll
    static void start() {
        String[] properties = {"jobs.api.schedules.tick-interval=200ms", "jobs.api.schedules.min-interval=1s"};
        first = new ScheduleApi(properties);
        second = new ScheduleApi(properties);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void a_schedule_ticking_every_second_for_a_minute_submits_exactly_one_job_per_tick() throws Exception {
        HttpResponse<String> created =
                first.admin("POST", "/api/v1/schedules", ScheduleApi.schedule("every second", "* * * * * *"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(ScheduleApi.json(created).get("schedule_id").asString());

        // Waits for the outcome (60 runs), not for a time; 3 minutes leave room for a loaded machine.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ScheduleApi.runs(id).size() >= 60);
        HttpResponse<String> paused = second.admin("POST", "/api/v1/schedules/" + id + "/pause", null);
        assertThat(paused.statusCode()).isEqualTo(200);

        List<ScheduleApi.Run> runs = ScheduleApi.runs(id);
        assertThat(runs).hasSizeGreaterThanOrEqualTo(60);
        Instant firstTick = runs.getFirst().scheduledAt();
        assertThat(firstTick)
                .as("the first run is the first tick after creation")
                .isEqualTo(Instant.parse(
                        ScheduleApi.json(created).get("next_run_at").asString()));
        for (int i = 0; i < runs.size(); i++) {
            ScheduleApi.Run run = runs.get(i);
            assertThat(run.scheduledAt())
                    .as("tick %d, one second after the one before", i)
                    .isEqualTo(firstTick.plusSeconds(i));
            assertThat(run.outcome()).isEqualTo("ENQUEUED");
            assertThat(run.missedTicks()).isZero();
            assertThat(run.jobId()).isNotNull();
        }
        assertThat(runs).extracting(ScheduleApi.Run::jobId).doesNotHaveDuplicates();
        assertThat(ScheduleApi.jobsOf(id)).as("jobs submitted by the schedule").isEqualTo(runs.size());
        assertThat(ScheduleApi.count(
                        "SELECT count(*) FROM schedule_runs r JOIN jobs j ON j.id = r.job_id WHERE r.schedule_id = ?",
                        id))
                .as("every run's job exists")
                .isEqualTo(runs.size());
        assertThat(ScheduleApi.json(second.admin("GET", "/api/v1/schedules/" + id + "/runs?limit=500", null))
                        .get("runs")
                        .size())
                .isEqualTo(runs.size());
        assertThat(first.admin("DELETE", "/api/v1/schedules/" + id, null).statusCode())
                .isEqualTo(204);
    }
}
