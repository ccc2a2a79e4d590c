package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.CompletionWaiter.Completion;
import dev.connectorjobs.bench.JobRecords.AttemptRow;
import dev.connectorjobs.bench.JobRecords.JobRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BenchReportTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final long T0_MICROS = RunClock.epochMicros(T0);

    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();
    private final BenchOptions options = BenchOptions.parse(List.of("--jobs", "2", "--rate", "1000"), Map.of());

    private static Instant at(long micros) {
        return T0.plus(micros, ChronoUnit.MICROS);
    }

    private static JobRow succeeded(UUID id, long createdMicros, long startedMicros, long finishedMicros) {
        return new JobRow(
                id, "SUCCESS", 1, at(createdMicros), Optional.of(at(startedMicros)), Optional.of(at(finishedMicros)));
    }

    private BenchReport report(Map<String, Long> responses, Completion completion) {
        return report(responses, completion, new DatabaseActivity.JobsTable(3, 40, 1, 2));
    }

    /** A report whose run ends with {@code jobsTableAfter}; the run started with the table's counters at 0. */
    private BenchReport report(
            Map<String, Long> responses, Completion completion, DatabaseActivity.JobsTable jobsTableAfter) {
        return report(responses, completion, jobsTableAfter, Optional.empty());
    }

    private BenchReport report(
            Map<String, Long> responses,
            Completion completion,
            DatabaseActivity.JobsTable jobsTableAfter,
            Optional<LookupsDuringRun.Result> lookupsDuring) {
        Submissions submissions = new Submissions(
                new UUID[] {first, second},
                new long[] {T0_MICROS, T0_MICROS + 1_000},
                new long[] {2_000, 3_000},
                responses,
                T0_MICROS,
                T0_MICROS + 5_000);
        JobRecords records = new JobRecords(
                Map.of(
                        first, succeeded(first, 500, 10_000, 20_000),
                        second, succeeded(second, 1_500, 30_000, 1_000_000)),
                List.of(
                        new AttemptRow(first, 1, "SUCCESS", "worker-1", Instant.EPOCH),
                        new AttemptRow(second, 1, "SUCCESS", "worker-1", Instant.EPOCH)));
        return new BenchReport(
                options,
                submissions,
                completion,
                records,
                ExactlyOnce.check(List.of(first, second), records),
                new ProcessCpu.Usage(1.0, 90.0, Map.of("api-gateway", 0.8, "postgres", 0.6)),
                DatabaseActivity.perJob(
                        new DatabaseActivity.Counters(
                                100,
                                10,
                                20,
                                1_000,
                                Optional.of(50L),
                                Optional.of(new DatabaseActivity.JobsTable(0, 0, 0, 0))),
                        new DatabaseActivity.Counters(
                                106, 14, 28, 3_000, Optional.of(53L), Optional.of(jobsTableAfter)),
                        2),
                HistoryReport.NONE,
                lookupsDuring,
                Optional.empty());
    }

    @Test
    void the_peak_of_jobs_running_at_once_counts_overlaps_and_not_a_finish_meeting_a_start() {
        assertThat(BenchReport.peakRunning(java.util.List.of())).isZero();
        assertThat(BenchReport.peakRunning(java.util.List.of(
                        new long[] {0, 10}, new long[] {5, 20}, new long[] {6, 7}, new long[] {20, 30})))
                .as("0-10, 5-20 and 6-7 overlap; 20-30 starts as 5-20 ends")
                .isEqualTo(3);
        assertThat(BenchReport.peakRunning(java.util.List.of(new long[] {0, 1}, new long[] {1, 2}, new long[] {2, 3})))
                .isEqualTo(1);
    }

    @Test
    void rates_are_measured_over_the_submission_the_workers_and_the_whole_pipeline() {
        BenchReport report = report(Map.of("202", 2L), new Completion(2, 0, 0));

        assertThat(report.submittedPerSecond()).isEqualTo(400.0);
        assertThat(report.completedPerSecond()).isCloseTo(2.0202, Offset.offset(0.0001));
        assertThat(report.endToEndPerSecond()).isEqualTo(2.0);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void latencies_run_from_the_intended_send_time_of_each_job() {
        JsonNode bench = benchJson(report(Map.of("202", 2L), new Completion(2, 0, 0)));

        JsonNode started = bench.get("latency_ms").get("submit_to_started");
        assertThat(started.get("count").asInt()).isEqualTo(2);
        assertThat(started.get("p50").asDouble()).isEqualTo(10.0);
        assertThat(started.get("p99").asDouble()).isEqualTo(29.0);
        assertThat(bench.get("latency_ms").get("created_to_started").get("max").asDouble())
                .isEqualTo(28.5);
        assertThat(bench.get("latency_ms").get("http_answer").get("max").asDouble())
                .isEqualTo(3.0);
    }

    @Test
    void the_bench_line_is_one_line_of_json_with_the_run_and_its_verdict() {
        BenchReport report = report(Map.of("202", 2L), new Completion(2, 0, 0));

        assertThat(report.benchLine()).startsWith("BENCH {").doesNotContain("\n");
        JsonNode bench = benchJson(report);
        assertThat(bench.get("jobs").asInt()).isEqualTo(2);
        assertThat(bench.get("rate").asDouble()).isEqualTo(1000.0);
        assertThat(bench.get("accepted").asInt()).isEqualTo(2);
        assertThat(bench.get("exactly_once").asBoolean()).isTrue();
        assertThat(bench.get("http_errors").isEmpty()).isTrue();
        assertThat(bench.get("passed").asBoolean()).isTrue();
        assertThat(report.lines()).contains("HTTP: 202 x 2; errors: none");
        assertThat(bench.get("cpu_s").get("api-gateway").asDouble()).isEqualTo(0.8);
        assertThat(bench.get("postgres").get("commits_per_job").asDouble()).isEqualTo(3.0);
        assertThat(bench.get("postgres").get("wal_flushes_per_commit").asDouble())
                .isEqualTo(0.5);
        assertThat(report.lines())
                .contains("PostgreSQL per job: 3.00 commits, 2.00 rows inserted, 4.00 rows updated, 1000 WAL bytes;"
                        + " 3 WAL flushes, 0.50 per commit");
        assertThat(bench.get("postgres").get("jobs_seq_rows_read_per_job").asDouble())
                .isEqualTo(20.0);
        assertThat(report.lines())
                .contains(
                        "PostgreSQL jobs table: 3 sequential scans reading 20 rows per job; autovacuum 1, autoanalyze 2")
                .noneSatisfy(line -> assertThat(line).startsWith("WARNING"));
    }

    @Test
    void sequential_scans_reading_thousands_of_rows_per_job_are_called_out() {
        BenchReport stalePlans =
                report(Map.of("202", 2L), new Completion(2, 0, 0), new DatabaseActivity.JobsTable(700, 36_000, 0, 0));

        assertThat(stalePlans.lines())
                .contains("PostgreSQL jobs table: 700 sequential scans reading 18000 rows per job; autovacuum 0,"
                        + " autoanalyze 0")
                .anySatisfy(line -> assertThat(line)
                        .startsWith("WARNING: sequential scans of jobs read 18000 rows per job")
                        .contains("autovacuum_naptime"));
    }

    @Test
    void http_errors_or_a_timeout_fail_the_run_even_when_the_accepted_jobs_ran_exactly_once() {
        BenchReport withErrors = report(Map.of("202", 2L, "429", 3L), new Completion(2, 0, 0));
        BenchReport timedOut = report(Map.of("202", 2L), new Completion(1, 0, 1));

        assertThat(withErrors.passed()).isFalse();
        assertThat(benchJson(withErrors).get("http_errors").get("429").asLong()).isEqualTo(3);
        assertThat(withErrors.lines()).contains("HTTP: 202 x 2, 429 x 3; errors: 429 x 3");
        assertThat(timedOut.passed()).isFalse();
        assertThat(timedOut.lines()).anySatisfy(line -> assertThat(line).startsWith("TIMED OUT: 1 jobs"));
    }

    @Test
    void lookups_during_the_run_are_reported_with_their_latency_statuses_and_schedule_next_to_the_run() {
        LookupsDuringRun.Result lookups = new LookupsDuringRun.Result(
                2_000,
                100,
                10,
                7,
                2,
                1,
                1,
                new long[] {1_000, 2_000, 3_000, 4_000, 50_000, 6_000},
                Map.of("200", 6L, "ConnectException", 1L),
                Map.of("QUEUED", 2L, "STARTED", 1L, "SUCCESS", 3L),
                0.005);
        BenchReport report = report(
                Map.of("202", 2L),
                new Completion(2, 0, 0),
                new DatabaseActivity.JobsTable(3, 40, 1, 2),
                Optional.of(lookups));

        JsonNode during = benchJson(report).get("status_lookup_during_run");
        assertThat(during.get("rate").asDouble()).isEqualTo(2_000);
        assertThat(during.get("sent").asLong()).isEqualTo(7);
        assertThat(during.get("skipped").asLong()).isEqualTo(2);
        assertThat(during.get("late").asLong()).isEqualTo(1);
        assertThat(during.get("unsent").asLong()).isEqualTo(1);
        assertThat(during.get("latency_ms").get("count").asInt()).isEqualTo(6);
        assertThat(during.get("latency_ms").get("p99").asDouble()).isEqualTo(50.0);
        assertThat(during.get("http").get("ConnectException").asLong()).isEqualTo(1);
        assertThat(during.get("job_status").get("SUCCESS").asLong()).isEqualTo(3);
        assertThat(benchJson(report).get("submitted_per_s").asDouble())
                .as("the run's throughput is reported as without lookups")
                .isEqualTo(benchJson(report(Map.of("202", 2L), new Completion(2, 0, 0)))
                        .get("submitted_per_s")
                        .asDouble());
        assertThat(report.lines())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("status lookups during the run at 2000/s from 100 client(s)")
                        .contains("10 due, 7 sent", "2 skipped", "1 late (> 100 ms behind), 1 unsent"))
                .anySatisfy(line -> assertThat(line)
                        .contains("HTTP: {200=6, ConnectException=1}")
                        .contains("job status seen: {QUEUED=2, STARTED=1, SUCCESS=3}"));
        assertThat(benchJson(report(Map.of("202", 2L), new Completion(2, 0, 0))).has("status_lookup_during_run"))
                .isFalse();
    }

    private static JsonNode benchJson(BenchReport report) {
        return JsonMapper.builder().build().readTree(report.benchLine().substring("BENCH ".length()));
    }
}
