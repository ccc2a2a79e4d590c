package dev.connectorjobs.bench;

import dev.connectorjobs.bench.HistorySeeder.Seeding;
import dev.connectorjobs.bench.HistorySeeder.TableSize;
import dev.connectorjobs.bench.QueryPlans.Plan;
import dev.connectorjobs.bench.RetentionWatch.Sweep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history figures of a run, for {@link BenchReport}: the seeding, the table sizes, the status
 * lookups with their query plans, and the retention sweep.
 *
 * @param seeding what seeding did; empty without {@code --history}
 * @param sizes the jobs and job_attempts tables before the run
 * @param lookups the status lookups; empty with {@code --lookups 0} or when no job of the run was
 *     accepted
 * @param plans the lookup's (and with retention the sweep's) query plans
 * @param retention the sweep; empty without {@code --retention}
 */
record HistoryReport(
        Optional<Seeding> seeding,
        List<TableSize> sizes,
        Optional<StatusLookups.Result> lookups,
        List<Plan> plans,
        Optional<Retention> retention) {

    static final HistoryReport NONE =
            new HistoryReport(Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty());

    HistoryReport {
        sizes = List.copyOf(sizes);
        plans = List.copyOf(plans);
    }

    /**
     * What the retention sweep deleted while the bench watched.
     *
     * @param finishedJobs the api-gateway's retention period
     * @param sweep the whole sweep as far as the bench saw it
     * @param duringRun rows deleted between the first send and the last job's end
     * @param runSeconds how long that was
     * @param duringLookups rows deleted while the status lookups ran
     * @param lookupSeconds how long that was
     */
    record Retention(
            Duration finishedJobs,
            Sweep sweep,
            long duringRun,
            double runSeconds,
            long duringLookups,
            double lookupSeconds) {}

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        seeding.ifPresent(s ->
                lines.add("history: seeded %d jobs (the table held %d) in %.1f s (%.0f jobs/s), VACUUM ANALYZE %.1f s"
                        .formatted(s.seeded(), s.before(), s.seedSeconds(), s.jobsPerSecond(), s.vacuumSeconds())));
        sizes.forEach(t -> lines.add("  %-13s %,11d rows  total %s (table %s, indexes %s)"
                .formatted(t.table(), t.rows(), mib(t.totalBytes()), mib(t.tableBytes()), mib(t.indexBytes()))));
        lookups.ifPresent(l -> {
            lines.add("status lookups %d at %s/s, GET %s: %.0f lookups/s in %.1f s; HTTP: %s"
                    .formatted(
                            l.targets().size(),
                            l.rate().isPresent()
                                    ? BenchOptions.formatRate(l.rate().getAsDouble())
                                    : "max",
                            StatusLookups.PATH,
                            l.perSecond(),
                            l.seconds(),
                            l.responses()));
            lines.add(
                    "%-26s %9s %9s %9s %9s %7s".formatted("lookup latency (ms)", "p50", "p95", "p99", "max", "count"));
            lookupLatencies(l)
                    .forEach((name, s) -> lines.add("  %-24s %9.2f %9.2f %9.2f %9.2f %7d"
                            .formatted(name, s.p50Ms(), s.p95Ms(), s.p99Ms(), s.maxMs(), s.count())));
        });
        plans.forEach(p -> lines.add("plan " + p));
        retention.ifPresent(r -> lines.add(("retention %s: the sweep deleted %d jobs at %.0f rows/s over %.1f s;"
                        + " %d during the run (%.0f/s over the run), %d during the lookups (%.0f/s over the lookups)")
                .formatted(
                        days(r.finishedJobs()),
                        r.sweep().deleted(),
                        r.sweep().rowsPerSecond(),
                        r.sweep().activeSeconds(),
                        r.duringRun(),
                        perSecond(r.duringRun(), r.runSeconds()),
                        r.duringLookups(),
                        perSecond(r.duringLookups(), r.lookupSeconds()))));
        return lines;
    }

    /** The entries this adds to the {@code BENCH} json. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (seeding.isPresent() || !sizes.isEmpty()) {
            Map<String, Object> history = new LinkedHashMap<>();
            seeding.ifPresent(s -> {
                history.put("rows_before", s.before());
                history.put("seeded", s.seeded());
                history.put("seed_s", BenchReport.round(s.seedSeconds(), 1));
                history.put("seeded_per_s", BenchReport.round(s.jobsPerSecond(), 0));
                history.put("vacuum_analyze_s", BenchReport.round(s.vacuumSeconds(), 1));
            });
            sizes.forEach(t -> history.put(t.table(), size(t)));
            json.put("history", history);
        }
        lookups.ifPresent(l -> {
            Map<String, Object> lookup = new LinkedHashMap<>();
            lookup.put("count", l.targets().size());
            lookup.put("rate", l.rate().isPresent() ? (Object) l.rate().getAsDouble() : "max");
            lookup.put("per_s", BenchReport.round(l.perSecond(), 1));
            lookup.put("seconds", BenchReport.round(l.seconds(), 3));
            Map<String, Object> latency = new LinkedHashMap<>();
            lookupLatencies(l).forEach((name, s) -> latency.put(name, BenchReport.latency(s)));
            lookup.put("latency_ms", latency);
            lookup.put("http", l.responses());
            json.put("status_lookup", lookup);
        });
        if (!plans.isEmpty()) {
            json.put("query_plans", plans.stream().map(HistoryReport::plan).toList());
        }
        retention.ifPresent(r -> {
            Map<String, Object> sweep = new LinkedHashMap<>();
            sweep.put("finished_jobs_s", r.finishedJobs().toSeconds());
            sweep.put("deleted", r.sweep().deleted());
            sweep.put("active_s", BenchReport.round(r.sweep().activeSeconds(), 1));
            sweep.put("deleted_per_s", BenchReport.round(r.sweep().rowsPerSecond(), 1));
            sweep.put("deleted_during_run", r.duringRun());
            sweep.put("deleted_per_s_during_run", BenchReport.round(perSecond(r.duringRun(), r.runSeconds()), 1));
            sweep.put("deleted_during_lookups", r.duringLookups());
            sweep.put(
                    "deleted_per_s_during_lookups",
                    BenchReport.round(perSecond(r.duringLookups(), r.lookupSeconds()), 1));
            json.put("retention", sweep);
        });
        return json;
    }

    private static Map<String, LatencySummary> lookupLatencies(StatusLookups.Result lookups) {
        Map<String, LatencySummary> latencies = new LinkedHashMap<>();
        latencies.put("all", LatencySummary.ofMicros(lookups.latencies()));
        latencies.put("history", LatencySummary.ofMicros(lookups.latencies(true)));
        latencies.put("this_run", LatencySummary.ofMicros(lookups.latencies(false)));
        return latencies;
    }

    private static Map<String, Object> size(TableSize table) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", table.rows());
        json.put("total_bytes", table.totalBytes());
        json.put("table_bytes", table.tableBytes());
        json.put("index_bytes", table.indexBytes());
        return json;
    }

    private static Map<String, Object> plan(Plan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("query", plan.query());
        json.put("node", plan.node());
        json.put("index", plan.index().orElse(null));
        plan.executionMs().ifPresent(ms -> {
            json.put("execution_ms", ms);
            json.put("shared_hit", plan.sharedHit());
            json.put("shared_read", plan.sharedRead());
        });
        return json;
    }

    /** A period as {@code --retention} takes it: whole days as {@code 27d}, else seconds. */
    static String days(Duration period) {
        return period.toSeconds() % 86_400 == 0 ? period.toDays() + "d" : period.toSeconds() + "s";
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }

    private static String mib(long bytes) {
        return "%.0f MiB".formatted(bytes / 1_048_576.0);
    }
}
