package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.HistorySeeder.Seeding;
import dev.connectorjobs.bench.HistorySeeder.TableSize;
import dev.connectorjobs.bench.QueryPlans.Plan;
import dev.connectorjobs.bench.RetentionWatch.Sweep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HistoryReportTest {

    private static final UUID OLD = UUID.randomUUID();
    private static final UUID NEW = UUID.randomUUID();

    private static StatusLookups.Result lookups() {
        StatusLookupTargets targets =
                new StatusLookupTargets(List.of(OLD, NEW, OLD, NEW), List.of(true, false, true, false));
        return new StatusLookups.Result(
                targets,
                OptionalDouble.of(200),
                new long[] {4_000, 1_000, Submissions.FAILED, 3_000},
                Map.of("200", 3L, "HttpTimeoutException", 1L),
                0.02);
    }

    private static HistoryReport report() {
        return new HistoryReport(
                Optional.of(new Seeding(0, 10_000_000, 400, 60)),
                List.of(new TableSize("jobs", 10_000_000, 7_000_000_000L, 4_500_000_000L, 2_500_000_000L)),
                Optional.of(lookups()),
                List.of(new Plan("lookup job", "Index Scan", Optional.of("jobs_pkey"), Optional.of(0.05), 4, 0)),
                Optional.of(new HistoryReport.Retention(
                        Duration.ofDays(27), new Sweep(1_000_000, 100), 50_000, 10, 0, 20)));
    }

    private static JsonNode json(HistoryReport report) {
        return JsonMapper.builder().build().valueToTree(report.json());
    }

    @Test
    void the_lookups_are_summarised_for_all_jobs_for_history_and_for_the_run_without_the_failed_ones() {
        JsonNode lookup = json(report()).get("status_lookup");

        assertThat(lookup.get("count").asInt()).isEqualTo(4);
        assertThat(lookup.get("per_s").asDouble()).isEqualTo(150.0);
        assertThat(lookup.get("latency_ms").get("all").get("count").asInt()).isEqualTo(3);
        assertThat(lookup.get("latency_ms").get("history").get("max").asDouble())
                .isEqualTo(4.0);
        assertThat(lookup.get("latency_ms").get("this_run").get("p50").asDouble())
                .isEqualTo(1.0);
        assertThat(lookup.get("latency_ms").get("this_run").get("p99").asDouble())
                .isEqualTo(3.0);
        assertThat(lookup.get("http").get("HttpTimeoutException").asLong()).isEqualTo(1);
    }

    @Test
    void seeding_sizes_plans_and_the_sweep_appear_in_the_json() {
        JsonNode json = json(report());

        assertThat(json.get("history").get("seeded").asLong()).isEqualTo(10_000_000);
        assertThat(json.get("history").get("seeded_per_s").asDouble()).isEqualTo(25_000.0);
        assertThat(json.get("history").get("jobs").get("index_bytes").asLong()).isEqualTo(2_500_000_000L);
        assertThat(json.get("query_plans").get(0).get("index").asString()).isEqualTo("jobs_pkey");
        assertThat(json.get("retention").get("finished_jobs_s").asLong()).isEqualTo(27 * 86_400);
        assertThat(json.get("retention").get("deleted_per_s").asDouble()).isEqualTo(10_000.0);
        assertThat(json.get("retention").get("deleted_per_s_during_run").asDouble())
                .isEqualTo(5_000.0);
    }

    @Test
    void the_text_names_the_figures() {
        List<String> lines = report().lines();

        assertThat(lines)
                .anyMatch(l -> l.startsWith("history: seeded 10000000 jobs") && l.contains("25000 jobs/s"))
                .anyMatch(l -> l.contains("GET " + StatusLookups.PATH) && l.contains("150 lookups/s"))
                .anyMatch(l -> l.equals("plan lookup job: Index Scan using jobs_pkey, 0.050 ms, buffers hit 4 read 0"))
                .anyMatch(l -> l.startsWith("retention 27d: the sweep deleted 1000000 jobs at 10000 rows/s"));
    }

    @Test
    void retention_periods_read_in_days_when_they_are_whole_days() {
        assertThat(HistoryReport.days(Duration.ofDays(27))).isEqualTo("27d");
        assertThat(HistoryReport.days(Duration.ofHours(12))).isEqualTo("43200s");
    }

    @Test
    void without_history_options_the_report_adds_nothing() {
        assertThat(HistoryReport.NONE.lines()).isEmpty();
        assertThat(HistoryReport.NONE.json()).isEmpty();
    }
}
