package dev.connectorjobs.bench;

import dev.connectorjobs.bench.CompletionWaiter.Completion;
import dev.connectorjobs.bench.ExactlyOnce.Verdict;
import dev.connectorjobs.bench.JobRecords.JobRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of a run, computed from what the clients saw and what PostgreSQL recorded, as text
 * for people and as one {@code BENCH {json}} line for scripts.
 *
 * <ul>
 *   <li>submitted/s: accepted jobs over the time from the first intended send to the last answer;
 *   <li>completed/s: succeeded jobs over the time from the first job start to the last job finish
 *       (what the workers sustained);
 *   <li>end to end/s: succeeded jobs over the time from the first intended send to the last job
 *       finish (what the whole pipeline sustained);
 *   <li>latencies from the intended send time (see {@link OpenLoopSchedule}) to the HTTP answer, to
 *       {@code started_at} and to {@code finished_at}; and, inside the system, from {@code
 *       created_at} to {@code started_at} (publication, Kafka, claim);
 *   <li>the CPU each part of the stack used from the first send until every job was terminal
 *       ({@link ProcessCpu}), and PostgreSQL's work per job ({@link DatabaseActivity}).
 * </ul>
 */
final class BenchReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BenchOptions options;
    private final Submissions submissions;
    private final Completion completion;
    private final Verdict verdict;
    private final ProcessCpu.Usage cpu;
    private final Map<String, Double> databasePerJob;
    private final HistoryReport history;
    private final Optional<LookupsDuringRun.Result> lookupsDuring;
    private final Optional<ReplicaReport> replicas;
    private final int accepted;
    private final int succeeded;
    private final double submitSeconds;
    private final double completeSeconds;
    private final double endToEndSeconds;
    private final Map<String, LatencySummary> latencies = new LinkedHashMap<>();
    private final int peakRunning;

    BenchReport(
            BenchOptions options,
            Submissions submissions,
            Completion completion,
            JobRecords records,
            Verdict verdict,
            ProcessCpu.Usage cpu,
            Map<String, Double> databasePerJob,
            HistoryReport history,
            Optional<LookupsDuringRun.Result> lookupsDuring,
            Optional<ReplicaReport> replicas) {
        this.options = options;
        this.lookupsDuring = lookupsDuring;
        this.replicas = replicas;
        this.history = history;
        this.submissions = submissions;
        this.completion = completion;
        this.verdict = verdict;
        this.cpu = cpu;
        this.databasePerJob = Map.copyOf(databasePerJob);
        this.accepted = submissions.accepted().size();

        List<Long> toStarted = new ArrayList<>();
        List<Long> toFinished = new ArrayList<>();
        List<Long> createdToStarted = new ArrayList<>();
        List<long[]> runs = new ArrayList<>();
        long firstStart = Long.MAX_VALUE;
        long lastFinish = Long.MIN_VALUE;
        int done = 0;
        for (int job = 0; job < submissions.jobs(); job++) {
            UUID id = submissions.id(job);
            JobRow row = id == null ? null : records.jobs().get(id);
            if (row == null
                    || !JobStates.SUCCESS.equals(row.status())
                    || row.startedAt().isEmpty()
                    || row.finishedAt().isEmpty()) {
                continue;
            }
            long intended = submissions.intendedEpochMicros(job);
            long started = micros(row.startedAt().get());
            long finished = micros(row.finishedAt().get());
            toStarted.add(started - intended);
            toFinished.add(finished - intended);
            createdToStarted.add(started - micros(row.createdAt()));
            runs.add(new long[] {started, finished});
            firstStart = Math.min(firstStart, started);
            lastFinish = Math.max(lastFinish, finished);
            done++;
        }
        this.succeeded = done;
        this.peakRunning = peakRunning(runs);
        this.submitSeconds = seconds(submissions.endEpochMicros() - submissions.startEpochMicros());
        this.completeSeconds = done == 0 ? 0 : seconds(lastFinish - firstStart);
        this.endToEndSeconds = done == 0 ? 0 : seconds(lastFinish - submissions.startEpochMicros());
        latencies.put("http_answer", LatencySummary.ofMicros(submissions.successfulRequestLatencyMicros()));
        latencies.put("submit_to_started", LatencySummary.ofMicros(toArray(toStarted)));
        latencies.put("submit_to_finished", LatencySummary.ofMicros(toArray(toFinished)));
        latencies.put("created_to_started", LatencySummary.ofMicros(toArray(createdToStarted)));
    }

    /**
     * The most jobs running at one moment, from each succeeded job's {@code started_at} and {@code
     * finished_at} ({start, finish} in microseconds): what the workers held in flight at their peak.
     * A job that finishes at the very moment another starts is not counted with it.
     */
    static int peakRunning(List<long[]> runs) {
        long[] starts = runs.stream().mapToLong(r -> r[0]).sorted().toArray();
        long[] finishes = runs.stream().mapToLong(r -> r[1]).sorted().toArray();
        int running = 0;
        int peak = 0;
        int f = 0;
        for (long start : starts) {
            while (f < finishes.length && finishes[f] <= start) {
                f++;
                running--;
            }
            running++;
            peak = Math.max(peak, running);
        }
        return peak;
    }

    int peakRunning() {
        return peakRunning;
    }

    /** Every job accepted, finished in time and exactly once, and no request failed. */
    boolean passed() {
        return verdict.ok()
                && accepted == options.jobs()
                && !completion.timedOut()
                && submissions.responses().keySet().stream().allMatch(ResponseCounts::isSuccess);
    }

    double submittedPerSecond() {
        return perSecond(accepted, submitSeconds);
    }

    double completedPerSecond() {
        return perSecond(succeeded, completeSeconds);
    }

    double endToEndPerSecond() {
        return perSecond(succeeded, endToEndSeconds);
    }

    /** The human-readable lines, without the {@code bench:} prefix. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("submitted  %d of %d jobs in %.2f s: %.0f jobs/s"
                .formatted(accepted, options.jobs(), submitSeconds, submittedPerSecond()));
        lines.add("completed  %d jobs in %.2f s (first start to last finish): %.0f jobs/s"
                .formatted(succeeded, completeSeconds, completedPerSecond()));
        lines.add("end to end %d jobs in %.2f s (first send to last finish): %.0f jobs/s"
                .formatted(succeeded, endToEndSeconds, endToEndPerSecond()));
        lines.add("jobs running at once: at most %d (from their started_at and finished_at)".formatted(peakRunning));
        lines.add("%-26s %9s %9s %9s %9s".formatted("latency (ms)", "p50", "p95", "p99", "max"));
        latencies.forEach((name, l) -> lines.add(
                "  %-24s %9.2f %9.2f %9.2f %9.2f".formatted(label(name), l.p50Ms(), l.p95Ms(), l.p99Ms(), l.maxMs())));
        Map<String, Long> errors = errors();
        lines.add("HTTP: " + describe(submissions.responses()) + "; errors: "
                + (errors.isEmpty() ? "none" : describe(errors)));
        if (!cpu.cpuSecondsByGroup().isEmpty()) {
            lines.add("CPU during the run (%.1f s on %d cores, %.0f%% busy), core-seconds: %s"
                    .formatted(
                            cpu.seconds(),
                            Runtime.getRuntime().availableProcessors(),
                            cpu.busyPercent(),
                            cpu.cpuSecondsByGroup().entrySet().stream()
                                    .map(e -> "%s %.1f".formatted(e.getKey(), e.getValue()))
                                    .collect(Collectors.joining(", "))));
        }
        if (!databasePerJob.isEmpty()) {
            lines.add("PostgreSQL per job: %.2f commits, %.2f rows inserted, %.2f rows updated, %.0f WAL bytes%s"
                    .formatted(
                            databasePerJob.get("commits_per_job"),
                            databasePerJob.get("rows_inserted_per_job"),
                            databasePerJob.get("rows_updated_per_job"),
                            databasePerJob.get("wal_bytes_per_job"),
                            databasePerJob.containsKey("wal_flushes_per_commit")
                                    ? "; %.0f WAL flushes, %.2f per commit"
                                            .formatted(
                                                    databasePerJob.get("wal_flushes"),
                                                    databasePerJob.get("wal_flushes_per_commit"))
                                    : ""));
        }
        if (databasePerJob.containsKey("jobs_seq_scans")) {
            double seqRowsPerJob = databasePerJob.getOrDefault("jobs_seq_rows_read_per_job", 0.0);
            lines.add(
                    "PostgreSQL jobs table: %.0f sequential scans reading %.0f rows per job; autovacuum %.0f, autoanalyze %.0f"
                            .formatted(
                                    databasePerJob.get("jobs_seq_scans"),
                                    seqRowsPerJob,
                                    databasePerJob.get("jobs_autovacuums"),
                                    databasePerJob.get("jobs_autoanalyzes")));
            if (seqRowsPerJob > DatabaseActivity.STALE_PLAN_ROWS_PER_JOB) {
                lines.add("WARNING: sequential scans of jobs read %.0f rows per job: the hot path's cached plans were"
                                .formatted(seqRowsPerJob)
                        + " probably made on stale statistics. Check that autovacuum analyzes jobs every few"
                        + " seconds (autovacuum_naptime; docs/performance.md, round four)");
            }
        }
        lookupsDuring.ifPresent(l -> lines.addAll(l.lines()));
        lines.addAll(history.lines());
        replicas.ifPresent(r -> lines.addAll(r.lines()));
        if (completion.timedOut()) {
            lines.add("TIMED OUT: %d jobs were not terminal after --timeout %d s"
                    .formatted(completion.unfinished(), options.timeout().toSeconds()));
        }
        lines.add(verdict.summary());
        return lines;
    }

    /** The machine-readable line: {@code BENCH {...}}. */
    /** A JSON object as the report's lines print it. */
    static String json(Map<String, Object> json) {
        return JSON.writeValueAsString(json);
    }

    String benchLine() {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("jobs", options.jobs());
        json.put("warmup", options.warmup());
        json.put("operation", options.operation().apiName());
        if (options.operation() == BenchOptions.Operation.HTTP) {
            json.put("latency_ms_per_call", options.latencyMs());
        }
        if (options.operation() == BenchOptions.Operation.SLEEP) {
            json.put("sleep_ms", options.sleepMs());
        }
        json.put("rate", options.rate().isPresent() ? (Object) options.rate().getAsDouble() : "max");
        json.put("batch", options.batch());
        json.put("clients", options.clients());
        json.put("workers", options.external().isPresent() ? null : options.workers());
        json.put("accepted", accepted);
        json.put("succeeded", succeeded);
        json.put("submit_s", round(submitSeconds, 3));
        json.put("submitted_per_s", round(submittedPerSecond(), 1));
        json.put("completed_per_s", round(completedPerSecond(), 1));
        json.put("end_to_end_s", round(endToEndSeconds, 3));
        json.put("end_to_end_per_s", round(endToEndPerSecond(), 1));
        json.put("peak_running", peakRunning);
        Map<String, Object> latencyJson = new LinkedHashMap<>();
        latencies.forEach((name, l) -> latencyJson.put(name, latency(l)));
        json.put("latency_ms", latencyJson);
        json.put("http", submissions.responses());
        json.put("http_errors", errors());
        if (!cpu.cpuSecondsByGroup().isEmpty()) {
            Map<String, Object> cpuJson = new LinkedHashMap<>();
            cpuJson.put("window_s", round(cpu.seconds(), 3));
            cpuJson.put("cores", Runtime.getRuntime().availableProcessors());
            cpuJson.put("busy_pct", round(cpu.busyPercent(), 1));
            cpu.cpuSecondsByGroup().forEach((group, seconds) -> cpuJson.put(group, round(seconds, 2)));
            json.put("cpu_s", cpuJson);
        }
        if (!databasePerJob.isEmpty()) {
            Map<String, Object> databaseJson = new LinkedHashMap<>();
            databasePerJob.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> databaseJson.put(e.getKey(), round(e.getValue(), 3)));
            json.put("postgres", databaseJson);
        }
        lookupsDuring.ifPresent(l -> json.put("status_lookup_during_run", l.json()));
        json.putAll(history.json());
        replicas.ifPresent(r -> {
            json.put("replica_events", r.json());
            json.put("reruns_by_first_worker", r.rerunsByFirstWorker());
        });
        json.put("timed_out", completion.timedOut());
        json.put("exactly_once", verdict.ok());
        json.put("problems", verdict.problems());
        json.put("passed", passed());
        return "BENCH " + JSON.writeValueAsString(json);
    }

    private Map<String, Long> errors() {
        Map<String, Long> errors = new LinkedHashMap<>();
        submissions.responses().forEach((outcome, count) -> {
            if (!ResponseCounts.isSuccess(outcome)) {
                errors.put(outcome, count);
            }
        });
        return errors;
    }

    static Map<String, Object> latency(LatencySummary l) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", l.count());
        json.put("p50", round(l.p50Ms(), 3));
        json.put("p95", round(l.p95Ms(), 3));
        json.put("p99", round(l.p99Ms(), 3));
        json.put("max", round(l.maxMs(), 3));
        return json;
    }

    private static String label(String name) {
        return switch (name) {
            case "http_answer" -> "submit -> HTTP answer";
            case "submit_to_started" -> "submit -> started";
            case "submit_to_finished" -> "submit -> finished";
            case "created_to_started" -> "created -> started (server)";
            default -> name;
        };
    }

    private static String describe(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " x " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static double perSecond(int count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static double seconds(long micros) {
        return micros / 1e6;
    }

    private static long micros(Instant instant) {
        return RunClock.epochMicros(instant);
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public String toString() {
        return benchLine();
    }
}
