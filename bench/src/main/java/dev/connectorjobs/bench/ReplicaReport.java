package dev.connectorjobs.bench;

import dev.connectorjobs.bench.JobRecords.AttemptRow;
import dev.connectorjobs.bench.JobRecords.JobRow;
import dev.connectorjobs.bench.ReplicaScheduler.Fired;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What each {@code --replica-events} event did to the run, from the jobs table and the attempt
 * history after the run: in the {@link #WINDOW} before and after the moment the event took effect,
 * attempts started per second, jobs succeeded per second, submit (the intended send time, as the
 * bench's other latencies) to {@code started_at} of the jobs due to be sent in the window and
 * {@code created_at} to {@code started_at} of the jobs created in it, and the stall: the longest time in the window in which no
 * attempt started. Windows are cut to the run: from its first send to the last attempt start.
 *
 * <p>And the re-runs: jobs with more than one attempt, by the worker of their first attempt. The
 * ones a killed worker lost are expected; any other is a problem {@link ExactlyOnce} reports.
 */
final class ReplicaReport {

    static final Duration WINDOW = Duration.ofSeconds(30);

    /**
     * One side of an event.
     *
     * @param seconds the window's length after cutting it to the run
     * @param startedPerSecond attempts started per second
     * @param succeededPerSecond jobs that finished with SUCCESS per second
     * @param submitToStarted of the jobs whose intended send time is in the window: that time to
     *     the {@code started_at} of their last attempt
     * @param createdToStarted of the jobs created in the window: {@code created_at} to the {@code
     *     started_at} of their last attempt
     * @param longestGapMs the longest time in the window in which no attempt started, its edges
     *     included, in milliseconds
     */
    record Window(
            double seconds,
            double startedPerSecond,
            double succeededPerSecond,
            LatencySummary submitToStarted,
            LatencySummary createdToStarted,
            double longestGapMs) {}

    /**
     * One event and its windows.
     *
     * @param reruns jobs whose first attempt ran on the event's worker and that ran more than once
     * @param lostReruns of those, the ones whose attempts on it ended {@code WORKER_LOST} (a kill's in-flight jobs)
     */
    record EventFigures(Fired fired, Window before, Window after, int reruns, int lostReruns) {}

    private final List<EventFigures> events;
    private final Map<String, Integer> rerunsByFirstWorker;

    private ReplicaReport(List<EventFigures> events, Map<String, Integer> rerunsByFirstWorker) {
        this.events = List.copyOf(events);
        this.rerunsByFirstWorker = Map.copyOf(rerunsByFirstWorker);
    }

    /**
     * @param runStartMicros the run's first intended send, in microseconds since the epoch
     * @param intendedMicros each accepted job's intended send time, in microseconds since the epoch
     */
    static ReplicaReport of(
            List<Fired> fired, JobRecords records, long runStartMicros, Map<UUID, Long> intendedMicros) {
        long[] starts = records.attempts().stream()
                .mapToLong(a -> micros(a.startedAt()))
                .sorted()
                .toArray();
        long runEnd = starts.length == 0 ? runStartMicros : Math.max(runStartMicros, starts[starts.length - 1]);
        Map<UUID, List<AttemptRow>> attemptsByJob = new HashMap<>();
        for (AttemptRow attempt : records.attempts()) {
            attemptsByJob
                    .computeIfAbsent(attempt.jobId(), id -> new ArrayList<>())
                    .add(attempt);
        }
        Map<String, Integer> byFirstWorker = new TreeMap<>();
        Map<String, Integer> lostByFirstWorker = new HashMap<>();
        attemptsByJob.forEach((id, attempts) -> {
            JobRow row = records.jobs().get(id);
            if (attempts.size() < 2 && (row == null || row.attempt() < 2)) {
                return;
            }
            AttemptRow first = attempts.stream()
                    .min((a, b) -> Integer.compare(a.attempt(), b.attempt()))
                    .orElseThrow();
            byFirstWorker.merge(first.workerId(), 1, Integer::sum);
            if (JobStates.WORKER_LOST.equals(first.outcome())) {
                lostByFirstWorker.merge(first.workerId(), 1, Integer::sum);
            }
        });
        List<EventFigures> figures = new ArrayList<>();
        for (Fired event : fired) {
            long at = micros(event.effectiveAt());
            long window = WINDOW.toNanos() / 1_000;
            figures.add(new EventFigures(
                    event,
                    window(
                            records,
                            intendedMicros,
                            starts,
                            Math.max(runStartMicros, at - window),
                            Math.max(runStartMicros, at)),
                    window(records, intendedMicros, starts, Math.min(at, runEnd), Math.min(at + window, runEnd)),
                    byFirstWorker.getOrDefault(event.workerId(), 0),
                    lostByFirstWorker.getOrDefault(event.workerId(), 0)));
        }
        return new ReplicaReport(figures, byFirstWorker);
    }

    /** The figures of the window [from, to), in microseconds since the epoch. */
    static Window window(JobRecords records, Map<UUID, Long> intendedMicros, long[] sortedStarts, long from, long to) {
        double seconds = Math.max(0, to - from) / 1e6;
        int started = 0;
        long previous = from;
        long longestGap = 0;
        for (long start : sortedStarts) {
            if (start < from || start >= to) {
                continue;
            }
            started++;
            longestGap = Math.max(longestGap, start - previous);
            previous = start;
        }
        longestGap = Math.max(longestGap, Math.max(0, to - previous));
        int succeeded = 0;
        List<Long> latencies = new ArrayList<>();
        List<Long> fromSubmit = new ArrayList<>();
        for (JobRow row : records.jobs().values()) {
            if (JobStates.SUCCESS.equals(row.status()) && row.finishedAt().isPresent()) {
                long finished = micros(row.finishedAt().get());
                if (finished >= from && finished < to) {
                    succeeded++;
                }
            }
            Long intended = intendedMicros.get(row.id());
            if (intended != null
                    && intended >= from
                    && intended < to
                    && row.startedAt().isPresent()) {
                fromSubmit.add(micros(row.startedAt().get()) - intended);
            }
            long created = micros(row.createdAt());
            if (created >= from && created < to && row.startedAt().isPresent()) {
                latencies.add(micros(row.startedAt().get()) - created);
            }
        }
        return new Window(
                seconds,
                seconds > 0 ? started / seconds : 0,
                seconds > 0 ? succeeded / seconds : 0,
                LatencySummary.ofMicros(
                        fromSubmit.stream().mapToLong(Long::longValue).toArray()),
                LatencySummary.ofMicros(
                        latencies.stream().mapToLong(Long::longValue).toArray()),
                longestGap / 1e3);
    }

    List<EventFigures> events() {
        return events;
    }

    /** Jobs that ran more than once by the worker of their first attempt. */
    Map<String, Integer> rerunsByFirstWorker() {
        return rerunsByFirstWorker;
    }

    /** The workers killed on purpose: their lost jobs may run again. */
    static Set<String> killedWorkers(List<Fired> fired) {
        return fired.stream()
                .filter(f ->
                        f.event().kind() == ReplicaEvent.Kind.KILL && f.error().isEmpty())
                .map(Fired::workerId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The human-readable lines, without the {@code bench:} prefix. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(
                "replica events (%d s before / after each; submit -> started of the jobs due to be sent in the window):"
                        .formatted(WINDOW.toSeconds()));
        lines.add("  %-12s %-12s %-8s %7s %9s %9s %9s %9s %9s %9s %11s"
                .formatted(
                        "event",
                        "worker",
                        "window",
                        "s",
                        "started/s",
                        "success/s",
                        "p50 ms",
                        "p95 ms",
                        "p99 ms",
                        "max ms",
                        "stall ms"));
        for (EventFigures e : events) {
            String worker = e.fired().workerId().isEmpty() ? "-" : e.fired().workerId();
            lines.add(windowLine(e.fired().event().text(), worker, "before", e.before()));
            lines.add(windowLine("", "", "after", e.after()));
            e.fired().error().ifPresent(error -> lines.add("  FAILED: " + error));
            List<String> overlapping = overlapping(e);
            if (!overlapping.isEmpty()) {
                lines.add("  (%s in its windows too: the figures are theirs together)"
                        .formatted(String.join(", ", overlapping)));
            }
            if (e.fired().event().kind() == ReplicaEvent.Kind.KILL) {
                lines.add("  %s: %d job(s) re-ran, %d of them lost in flight (WORKER_LOST)"
                        .formatted(worker, e.reruns(), e.lostReruns()));
            }
        }
        lines.add("re-runs by the worker of their first attempt: "
                + (rerunsByFirstWorker.isEmpty()
                        ? "none"
                        : rerunsByFirstWorker.entrySet().stream()
                                .map(r -> r.getKey() + " " + r.getValue())
                                .collect(Collectors.joining(", "))));
        return lines;
    }

    /** The other events that took effect within this event's windows. */
    private List<String> overlapping(EventFigures e) {
        Instant at = e.fired().effectiveAt();
        return events.stream()
                .filter(other -> other != e)
                .filter(other ->
                        Duration.between(at, other.fired().effectiveAt()).abs().compareTo(WINDOW) < 0)
                .map(other -> other.fired().event().text())
                .toList();
    }

    private static String windowLine(String event, String worker, String side, Window w) {
        LatencySummary l = w.submitToStarted();
        return "  %-12s %-12s %-8s %7.1f %9.0f %9.0f %9.1f %9.1f %9.1f %9.1f %11.1f"
                .formatted(
                        event,
                        worker,
                        side,
                        w.seconds(),
                        w.startedPerSecond(),
                        w.succeededPerSecond(),
                        l.p50Ms(),
                        l.p95Ms(),
                        l.p99Ms(),
                        l.maxMs(),
                        w.longestGapMs());
    }

    /** The {@code replica_events} array of the {@code BENCH} line. */
    List<Map<String, Object>> json() {
        List<Map<String, Object>> json = new ArrayList<>();
        for (EventFigures e : events) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event", e.fired().event().text());
            event.put("kind", e.fired().event().kind().optionName());
            event.put("at_s", e.fired().event().at().toMillis() / 1e3);
            event.put("worker", e.fired().workerId());
            event.put("fired_at", e.fired().firedAt().toString());
            event.put("effective_at", e.fired().effectiveAt().toString());
            event.put("done_at", e.fired().doneAt().toString());
            event.put(
                    "action_s",
                    BenchReport.round(
                            Duration.between(e.fired().firedAt(), e.fired().doneAt())
                                            .toMillis()
                                    / 1e3,
                            3));
            e.fired().error().ifPresent(error -> event.put("error", error));
            event.put("other_events_in_windows", overlapping(e));
            event.put("before", windowJson(e.before()));
            event.put("after", windowJson(e.after()));
            event.put("reruns_first_on_worker", e.reruns());
            event.put("reruns_lost_on_worker", e.lostReruns());
            json.add(event);
        }
        return json;
    }

    private static Map<String, Object> windowJson(Window w) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("window_s", BenchReport.round(w.seconds(), 3));
        json.put("started_per_s", BenchReport.round(w.startedPerSecond(), 1));
        json.put("succeeded_per_s", BenchReport.round(w.succeededPerSecond(), 1));
        json.put("submit_to_started_ms", BenchReport.latency(w.submitToStarted()));
        json.put("created_to_started_ms", BenchReport.latency(w.createdToStarted()));
        json.put("longest_gap_ms", BenchReport.round(w.longestGapMs(), 1));
        return json;
    }

    private static long micros(Instant instant) {
        return RunClock.epochMicros(instant);
    }

    @Override
    public String toString() {
        return Arrays.toString(events.toArray());
    }
}
