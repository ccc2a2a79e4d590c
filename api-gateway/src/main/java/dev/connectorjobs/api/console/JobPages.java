package dev.connectorjobs.api.console;

import dev.connectorjobs.api.job.JobService;
import dev.connectorjobs.api.job.JobView;
import dev.connectorjobs.api.job.Redrives;
import dev.connectorjobs.api.job.SubmissionProperties;
import dev.connectorjobs.api.job.TaskFilter;
import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.ConflictException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.api.web.StorableInput;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The job list (the API's filters, keyset paging, newest first) and a job's page (masked params,
 * result or error, live progress, attempts, revoke and re-drive). A request from htmx ({@code
 * HX-Request}) gets only the live part of the page, and the actions too when the job's state is no
 * longer the one the page shows ({@code shown}): the actions are left alone otherwise, so that a
 * refresh does not wipe a reason being typed.
 */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
@RequiresUser
class JobPages {

    private static final int MAX_REASON = 1000;

    private final JobService jobs;
    private final Redrives redrives;
    private final SubmissionProperties submission;
    private final ConsoleProperties properties;

    JobPages(JobService jobs, Redrives redrives, SubmissionProperties submission, ConsoleProperties properties) {
        this.jobs = jobs;
        this.redrives = redrives;
        this.submission = submission;
        this.properties = properties;
    }

    @GetMapping("/ui/jobs")
    String list(
            @RequestParam(name = "status", required = false) @Nullable String status,
            @RequestParam(name = "connector", required = false) @Nullable String connector,
            @RequestParam(name = "operation", required = false) @Nullable String operation,
            @RequestParam(name = "error_type", required = false) @Nullable String errorType,
            @RequestParam(name = "since", required = false) @Nullable String since,
            @RequestParam(name = "until", required = false) @Nullable String until,
            @RequestParam(name = "cursor", required = false) @Nullable String cursor,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model) {
        Map<String, String> filters = new LinkedHashMap<>();
        putIfGiven(filters, "status", status);
        putIfGiven(filters, "connector", connector);
        putIfGiven(filters, "operation", operation);
        putIfGiven(filters, "error_type", errorType);
        putIfGiven(filters, "since", since);
        putIfGiven(filters, "until", until);
        model.addAttribute("filters", filters);
        model.addAttribute("statuses", List.of(JobStatus.values()));
        model.addAttribute("paged", blank(cursor) == null ? null : cursor);
        model.addAttribute("self", link(filters, blank(cursor)));
        TaskFilter filter = TaskFilter.parse(
                filters.get("status"),
                filters.get("connector"),
                filters.get("operation"),
                filters.get("error_type"),
                filters.get("since"),
                filters.get("until"),
                blank(cursor));
        JobService.Page page = jobs.list(filter, properties.pageSize());
        model.addAttribute("page", page);
        model.addAttribute("next", page.nextCursor() == null ? null : link(filters, page.nextCursor()));
        model.addAttribute("first", link(filters, null));
        return htmx == null ? "console/jobs" : "console/jobs :: rows";
    }

    @GetMapping("/ui/jobs/{id}")
    String job(
            @PathVariable("id") String id,
            @RequestParam(name = "shown", required = false) @Nullable String shown,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model) {
        UUID taskId = taskId(id);
        JobView job = jobs.find(taskId)
                .orElseThrow(() -> new NotFoundException("No job with id " + taskId
                        + " was ever submitted (or it was deleted by retention); find it in the job list"));
        JobStatus status = JobStatus.valueOf(job.status());
        // Both actions are for the owner or an admin: the same check as the API's.
        boolean mine = jobs.mayRevoke(taskId, caller());
        model.addAttribute("job", job);
        model.addAttribute("terminal", status.isTerminal());
        model.addAttribute("revocable", mine && status.canMoveTo(JobStatus.REVOKED));
        model.addAttribute("redrivable", mine && JobTransitions.redrivable().contains(status));
        model.addAttribute("maxRetriesLimit", submission.maxRetriesLimit());
        if (htmx != null) {
            model.addAttribute("stateChanged", !job.status().equals(shown));
            model.addAttribute("oob", true);
            return "console/job-update";
        }
        model.addAttribute(
                "params", jobs.params(taskId).map(ParamsMasking::mask).orElse(null));
        return "console/job";
    }

    @PostMapping("/ui/jobs/{id}/revoke")
    String revoke(
            @PathVariable("id") String id,
            @RequestParam(name = "reason", required = false) @Nullable String reason,
            RedirectAttributes redirect) {
        UUID taskId = taskId(id);
        String why = blank(reason);
        if (why != null) {
            why = why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why;
            StorableInput.problemIn(why).ifPresent(problem -> {
                throw new BadRequestException("The reason " + problem);
            });
        }
        try {
            JobService.Revoked revoked = jobs.revoke(taskId, why, caller());
            redirect.addFlashAttribute(
                    "notice",
                    "Revoked (was " + revoked.previous() + ")"
                            + (revoked.cancelRequested() ? "; the worker running it was told to stop." : "."));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/ui/jobs/" + taskId;
    }

    @PostMapping("/ui/jobs/{id}/retry")
    String retry(
            @PathVariable("id") String id,
            @RequestParam(name = "max_retries", required = false) @Nullable String maxRetries,
            RedirectAttributes redirect) {
        UUID taskId = taskId(id);
        Integer retries = maxRetries(blank(maxRetries));
        try {
            Redrives.Single single = redrives.redrive(taskId, retries, caller());
            redirect.addFlashAttribute(
                    "notice",
                    "Re-driven (was " + single.previous() + "): attempt " + single.attempt() + " is PENDING, with "
                            + single.maxRetries() + " retries.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/ui/jobs/" + taskId;
    }

    private @Nullable Integer maxRetries(@Nullable String given) {
        if (given == null) {
            return null;
        }
        int limit = submission.maxRetriesLimit();
        try {
            int value = Integer.parseInt(given);
            if (value >= 0 && value <= limit) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("Retries for the new run must be a whole number from 0 to " + limit
                + "; leave it empty to keep the job's own");
    }

    private static UUID taskId(String id) {
        return JobIds.parse(id)
                .orElseThrow(() -> new BadRequestException(
                        "'" + id.replaceAll("[^\\x20-\\x7E]", "?") + "' is not a job id; job ids are UUIDs"));
    }

    private static ApiClient caller() {
        return CurrentClient.get().orElseThrow(() -> new IllegalStateException("a console page without a client"));
    }

    private static void putIfGiven(Map<String, String> filters, String name, @Nullable String value) {
        String given = blank(value);
        if (given != null) {
            filters.put(name, given);
        }
    }

    private static @Nullable String blank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String link(Map<String, String> filters, @Nullable String cursor) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/ui/jobs");
        filters.forEach(uri::queryParam);
        if (cursor != null) {
            uri.queryParam("cursor", cursor);
        }
        return uri.encode().build().toUriString();
    }
}
