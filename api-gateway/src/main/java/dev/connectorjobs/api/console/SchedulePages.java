package dev.connectorjobs.api.console;

import dev.connectorjobs.api.schedule.ScheduleService;
import dev.connectorjobs.api.schedule.ScheduleView;
import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.ApiKeys;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.model.job.JobIds;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The schedules the caller may see (every one for an ADMIN, its own for a USER, as the API lists
 * them), and a schedule's page: its job template (masked params), its recent runs, and pause,
 * resume and delete for its owner or an ADMIN. Every check and audit entry is {@link
 * ScheduleService}'s.
 */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
@RequiresUser
class SchedulePages {

    private static final int RECENT_RUNS = 20;

    private final ScheduleService schedules;
    private final ApiKeys keys;
    private final ConsoleProperties properties;

    SchedulePages(ScheduleService schedules, ApiKeys keys, ConsoleProperties properties) {
        this.schedules = schedules;
        this.keys = keys;
        this.properties = properties;
    }

    @GetMapping("/ui/schedules")
    String list(@RequestParam(name = "cursor", required = false) @Nullable String cursor, Model model) {
        UUID after = cursor == null || cursor.isBlank() ? null : scheduleId(cursor);
        ScheduleService.Page page = schedules.list(caller(), after, properties.pageSize());
        model.addAttribute("page", page);
        model.addAttribute("paged", after != null);
        model.addAttribute("lastRuns", schedules.lastRuns(page.schedules()));
        model.addAttribute("owners", owners());
        return "console/schedules";
    }

    @GetMapping("/ui/schedules/{id}")
    String schedule(@PathVariable("id") String id, Model model) {
        ApiClient caller = caller();
        ScheduleView schedule = schedules.get(scheduleId(id), caller);
        model.addAttribute("schedule", schedule);
        model.addAttribute("template", ParamsMasking.mask(schedule.job()));
        model.addAttribute("mine", schedules.mayManage(schedule, caller));
        model.addAttribute(
                "runs",
                schedules.runs(schedule.scheduleId(), caller, null, RECENT_RUNS).runs());
        model.addAttribute("owners", owners());
        return "console/schedule";
    }

    @PostMapping("/ui/schedules/{id}/pause")
    String pause(@PathVariable("id") String id, RedirectAttributes redirect) {
        ScheduleView paused = schedules.pause(scheduleId(id), caller());
        redirect.addFlashAttribute("notice", "Paused: no tick runs until it is resumed.");
        return "redirect:/ui/schedules/" + paused.scheduleId();
    }

    @PostMapping("/ui/schedules/{id}/resume")
    String resume(@PathVariable("id") String id, RedirectAttributes redirect) {
        ScheduleView resumed = schedules.resume(scheduleId(id), caller());
        redirect.addFlashAttribute(
                "notice",
                resumed.nextRunAt() == null
                        ? "Resumed, but its cron has no further tick."
                        : "Resumed at the next tick; the ticks missed while paused do not run.");
        return "redirect:/ui/schedules/" + resumed.scheduleId();
    }

    @PostMapping("/ui/schedules/{id}/delete")
    String delete(@PathVariable("id") String id, RedirectAttributes redirect) {
        UUID scheduleId = scheduleId(id);
        String name = schedules.get(scheduleId, caller()).name();
        schedules.delete(scheduleId, caller());
        redirect.addFlashAttribute("notice", "Deleted schedule '" + name + "'; the jobs it submitted stay.");
        return "redirect:/ui/schedules";
    }

    /** The names of the keys, by id as a schedule stores its owner. */
    private Map<String, String> owners() {
        return keys.list().stream()
                .collect(Collectors.toMap(k -> k.id().toString(), ApiKeys.KeyInfo::name, (a, b) -> a));
    }

    private static UUID scheduleId(String id) {
        return JobIds.parse(id)
                .orElseThrow(() -> new BadRequestException("'" + id.replaceAll("[^\\x20-\\x7E]", "?")
                        + "' is not a schedule id; schedule ids are UUIDs, as listed on the schedules page"));
    }

    private static ApiClient caller() {
        return CurrentClient.get().orElseThrow(() -> new IllegalStateException("a console page without a client"));
    }
}
