package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Comparison;
import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Period;
import dev.connectorjobs.devstack.chaos.LoadDuringFaults.Spread;
import dev.connectorjobs.devstack.chaos.RecoveryTimes.ByKind;
import dev.connectorjobs.devstack.chaos.RecoveryTimes.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run found, as the {@code CHAOS {json}} line scripts read and as readable lines before it.
 *
 * @param seed the run's seed, to repeat its choice of workers
 * @param loadTime how long the load actually ran
 * @param submitted submissions tried
 * @param accepted jobs the API accepted
 * @param submissionOutcomes submissions by their last outcome (HTTP status or exception)
 * @param failovers requests sent again to the next api-gateway
 * @param statuses accepted jobs by final status
 * @param stubRequests requests the stub received
 * @param recovery recovery times by fault class
 * @param load the load during the faults of a class against the baseline, for the classes it is
 *     measured for (the rolling upgrade)
 * @param verdict the checks
 */
record ChaosReport(
        long seed,
        Duration loadTime,
        int submitted,
        int accepted,
        Map<String, Long> submissionOutcomes,
        long failovers,
        Map<String, Long> statuses,
        int stubRequests,
        Map<FaultKind, ByKind> recovery,
        Map<FaultKind, Comparison> load,
        ChaosVerdict verdict) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    ChaosReport {
        submissionOutcomes = Map.copyOf(submissionOutcomes);
        statuses = Map.copyOf(statuses);
        recovery = Map.copyOf(recovery);
        load = Map.copyOf(load);
    }

    /** The readable summary, one line per item. */
    List<String> lines() {
        String faults = recovery.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "%s %d (next job started p50 %s p99 %s; backlog drained p50 %s p99 %s)"
                        .formatted(
                                e.getKey().optionName(),
                                e.getValue().count(),
                                text(e.getValue().nextStart().p50Ms()),
                                text(e.getValue().nextStart().p99Ms()),
                                text(e.getValue().drained().p50Ms()),
                                text(e.getValue().drained().p99Ms())))
                .collect(Collectors.joining("; "));
        String violations = verdict.total() == 0
                ? "none"
                : verdict.counts().entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .map(e -> e.getKey() + " " + e.getValue() + " (e.g. "
                                + verdict.examples().getOrDefault(e.getKey(), List.of()).stream()
                                        .map(UUID::toString)
                                        .collect(Collectors.joining(", "))
                                + ")")
                        .collect(Collectors.joining("; "));
        List<String> lines = new ArrayList<>(List.of(
                "load: %d s, %d submitted, %d accepted, %d failovers; submissions by outcome %s"
                        .formatted(
                                loadTime.toSeconds(),
                                submitted,
                                accepted,
                                failovers,
                                new TreeMap<>(submissionOutcomes)),
                "jobs by status: " + new TreeMap<>(statuses) + "; stub requests: " + stubRequests,
                "faults: " + (faults.isEmpty() ? "none" : faults)));
        new TreeMap<>(load)
                .forEach((kind, comparison) -> lines.add("%s load: during the faults %s; outside faults %s"
                        .formatted(kind.optionName(), text(comparison.during()), text(comparison.baseline()))));
        lines.add("violations: " + violations);
        return List.copyOf(lines);
    }

    /** {@code CHAOS {json}}. */
    String chaosLine() {
        ObjectNode root = JSON.createObjectNode();
        root.put("seed", seed);
        root.put("load_seconds", loadTime.toSeconds());
        ObjectNode jobs = root.putObject("jobs");
        jobs.put("submitted", submitted);
        jobs.put("accepted", accepted);
        jobs.put("failovers", failovers);
        new TreeMap<>(statuses).forEach(jobs::put);
        root.put("stub_requests", stubRequests);
        ObjectNode faults = root.putObject("faults");
        new TreeMap<>(recovery).forEach((kind, times) -> {
            ObjectNode fault = faults.putObject(kind.optionName());
            fault.put("count", times.count());
            percentiles(fault.putObject("next_job_started_ms"), times.nextStart());
            percentiles(fault.putObject("backlog_drained_ms"), times.drained());
            Comparison comparison = load.get(kind);
            if (comparison != null) {
                period(fault.putObject("during"), comparison.during());
                period(fault.putObject("baseline"), comparison.baseline());
            }
        });
        ObjectNode violations = root.putObject("violations");
        violations.put("total", verdict.total());
        verdict.counts().forEach(violations::put);
        return "CHAOS " + JSON.writeValueAsString(root);
    }

    private static void percentiles(ObjectNode node, Percentiles percentiles) {
        percentiles.p50Ms().ifPresentOrElse(v -> node.put("p50", v), () -> node.putNull("p50"));
        percentiles.p99Ms().ifPresentOrElse(v -> node.put("p99", v), () -> node.putNull("p99"));
    }

    private static void period(ObjectNode node, Period period) {
        node.put("submissions", period.submissions());
        node.put("failovers", period.failovers());
        node.put("not_accepted", period.notAccepted());
        spread(node.putObject("submit_latency_ms"), period.submitLatency());
        spread(node.putObject("submit_to_start_ms"), period.submitToStart());
    }

    private static void spread(ObjectNode node, Spread spread) {
        spread.p50Ms().ifPresentOrElse(v -> node.put("p50", v), () -> node.putNull("p50"));
        spread.p99Ms().ifPresentOrElse(v -> node.put("p99", v), () -> node.putNull("p99"));
        spread.maxMs().ifPresentOrElse(v -> node.put("max", v), () -> node.putNull("max"));
    }

    private static String text(Period period) {
        return "%d submissions, %d failovers, %d not accepted, submission latency %s, submit to start %s"
                .formatted(
                        period.submissions(),
                        period.failovers(),
                        period.notAccepted(),
                        text(period.submitLatency()),
                        text(period.submitToStart()));
    }

    private static String text(Spread spread) {
        return "p50 %s p99 %s max %s".formatted(millis(spread.p50Ms()), millis(spread.p99Ms()), millis(spread.maxMs()));
    }

    private static String millis(Optional<Long> millis) {
        return millis.map(ms -> ms + " ms").orElse("-");
    }

    private static String text(Optional<Long> millis) {
        return millis.map(ms -> "%.1f s".formatted(ms / 1000.0)).orElse("-");
    }
}
