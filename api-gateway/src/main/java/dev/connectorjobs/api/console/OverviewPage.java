package dev.connectorjobs.api.console;

import dev.connectorjobs.api.breaker.Breakers;
import dev.connectorjobs.api.job.JobActivity;
import dev.connectorjobs.api.metrics.BacklogReadings;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.workers.Workers;
import dev.connectorjobs.model.job.JobStatus;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.ObjectMapper;

/**
 * The overview: jobs per state, the last hour as charts, the backlog per queue and connector,
 * workers live or stale, breakers not closed.
 *
 * <p>Nothing here counts the jobs table: unfinished jobs come from the backlog gauges' last reading
 * (one grouped query per replica and {@code jobs.api.metrics.backlog-interval}, over the unfinished
 * jobs only), the last hour from {@link JobActivity} (an index range over the jobs finished in it),
 * reused for {@code jobs.api.console.overview-cache-ttl}; workers and breakers are small tables.
 */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
@RequiresUser
class OverviewPage {

    private static final List<JobStatus> UNFINISHED =
            List.of(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.STARTED, JobStatus.RETRY);

    private final BacklogReadings backlog;
    private final JobActivity activity;
    private final Workers workers;
    private final Breakers breakers;
    private final ObjectMapper mapper;
    private final ConsoleProperties properties;
    private final Clock clock;
    private volatile @Nullable Cached cached;

    private record Cached(Instant at, JobActivity.LastHour hour) {}

    OverviewPage(
            BacklogReadings backlog,
            JobActivity activity,
            Workers workers,
            Breakers breakers,
            ObjectMapper mapper,
            ConsoleProperties properties,
            Clock clock) {
        this.backlog = backlog;
        this.activity = activity;
        this.workers = workers;
        this.breakers = breakers;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping({"/ui", "/ui/"})
    String overview(Model model) {
        BacklogReadings.Reading reading =
                backlog.last().orElse(new BacklogReadings.Reading(clock.instant(), List.of()));
        Map<JobStatus, Long> now = new LinkedHashMap<>();
        now.put(JobStatus.PENDING, sum(reading, BacklogReadings.QueueBacklog::pending));
        now.put(JobStatus.QUEUED, sum(reading, BacklogReadings.QueueBacklog::queued));
        now.put(JobStatus.STARTED, sum(reading, BacklogReadings.QueueBacklog::running));
        now.put(JobStatus.RETRY, sum(reading, BacklogReadings.QueueBacklog::retry));
        JobActivity.LastHour hour = lastHour();
        model.addAttribute("unfinished", UNFINISHED);
        model.addAttribute("now", now);
        model.addAttribute(
                "backlogReadAt",
                backlog.last().map(BacklogReadings.Reading::readAt).orElse(null));
        model.addAttribute("backlog", reading.groups());
        model.addAttribute("hour", hour);
        model.addAttribute("charts", charts(hour));
        List<Workers.WorkerView> all = workers.all();
        model.addAttribute(
                "workerStates",
                all.stream().collect(Collectors.groupingBy(Workers.WorkerView::state, Collectors.counting())));
        model.addAttribute(
                "staleWorkers",
                all.stream().filter(w -> w.state().equals("stale")).toList());
        model.addAttribute(
                "troubledBreakers",
                breakers.all().breakers().values().stream()
                        .filter(b -> !b.condition().state().equals("closed")
                                || b.condition().disabled())
                        .toList());
        return "console/overview";
    }

    private JobActivity.LastHour lastHour() {
        Instant now = clock.instant();
        Cached last = cached;
        if (last != null && last.at().plus(properties.overviewCacheTtl()).isAfter(now)) {
            return last.hour();
        }
        JobActivity.LastHour hour = activity.lastHour();
        cached = new Cached(now, hour);
        return hour;
    }

    private static long sum(
            BacklogReadings.Reading reading, java.util.function.ToLongFunction<BacklogReadings.QueueBacklog> value) {
        return reading.groups().stream().mapToLong(value).sum();
    }

    /** The charts' data, as uPlot takes it (x in epoch seconds), in JSON safe inside a script element. */
    private String charts(JobActivity.LastHour hour) {
        List<Long> x = hour.minutes().stream().map(m -> m.at().getEpochSecond()).toList();
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put(
                "chart-throughput",
                chart("Attempts finished per minute", "attempts", x, List.of(series("finished", "#1f5fbf", hour, m ->
                        (double) m.total()))));
        charts.put(
                "chart-outcomes",
                chart(
                        "Outcomes per minute",
                        "attempts",
                        x,
                        hour.outcomes().stream()
                                .map(o -> series(o, color(o), hour, m -> (double) m.count(o)))
                                .toList()));
        charts.put(
                "chart-wait",
                chart(
                        "Queue wait (first attempts)",
                        "seconds",
                        x,
                        List.of(
                                series("p50", "#7c3aed", hour, JobActivity.Minute::waitP50),
                                series("p99", "#c2410c", hour, JobActivity.Minute::waitP99))));
        return mapper.writeValueAsString(charts).replace("<", "\\u003c");
    }

    /** The colour of an outcome: the console's colour of the state of the same name. */
    private static String color(String outcome) {
        return switch (outcome) {
            case "SUCCESS" -> "#15803d";
            case "FAILURE", "TIMED_OUT", "ERROR" -> "#b91c1c";
            case "RETRY", "DEFERRED" -> "#c2410c";
            case "REVOKED" -> "#374151";
            default -> "#6b7280";
        };
    }

    private static Map<String, Object> chart(
            String title, String unit, List<Long> x, List<Map<String, Object>> series) {
        return Map.of("title", title, "unit", unit, "x", x, "series", series);
    }

    private static Map<String, Object> series(
            String label,
            String color,
            JobActivity.LastHour hour,
            Function<JobActivity.Minute, @Nullable Double> value) {
        List<@Nullable Double> values = new ArrayList<>();
        hour.minutes().forEach(m -> values.add(value.apply(m)));
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("label", label);
        series.put("color", color);
        series.put("values", values);
        return series;
    }
}
