package dev.connectorjobs.api.job;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.security.SubmitRateLimiter;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.api.web.RequestCorrelation;
import dev.connectorjobs.api.web.StorableInput;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;

/** Submitting, reading, listing and revoking jobs. */
@RestController
@RequiresUser
class JobController {

    /** Printable ASCII without spaces, 1 to 255 characters. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private static final int MAX_PAGE = 500;

    private final SubmissionParser parser;
    private final JobService service;
    private final SubmissionProperties properties;
    private final SubmitRateLimiter rateLimiter;
    private final StatusWaits waits;
    private final StatusWaitProperties waitProperties;

    JobController(
            SubmissionParser parser,
            JobService service,
            SubmissionProperties properties,
            SubmitRateLimiter rateLimiter,
            StatusWaits waits,
            StatusWaitProperties waitProperties) {
        this.parser = parser;
        this.service = service;
        this.properties = properties;
        this.rateLimiter = rateLimiter;
        this.waits = waits;
        this.waitProperties = waitProperties;
    }

    @PostMapping(path = "/api/v1/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> submit(
            @RequestBody JsonNode body,
            @RequestHeader(name = Headers.IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new BadRequestException("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
        JobSubmission submission = parser.parse(body);
        ApiClient client = caller();
        rateLimiter.acquire(client, 1);
        JobService.Submitted submitted = service.submit(
                submission, RequestCorrelation.current(), client.keyId().toString(), idempotencyKey);
        return ResponseEntity.status(submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/api/v1/admin/tasks/" + submitted.id() + "/status"))
                .body(Map.of("task_id", submitted.id(), "status", submitted.status()));
    }

    @PostMapping(path = "/api/v1/jobs:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> submitBatch(
            @RequestBody JsonNode body,
            @RequestHeader(name = Headers.IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
        if (idempotencyKey != null) {
            throw new BadRequestException(
                    "Idempotency-Key is not supported on batch submission; submit jobs that" + " need it one by one");
        }
        JsonNode jobs = body.isObject() ? body.get("jobs") : null;
        if (jobs == null || !jobs.isArray() || jobs.isEmpty() || jobs.size() > properties.maxBatchSize()) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "jobs", "must be an array of 1 to " + properties.maxBatchSize() + " job submissions")));
        }
        List<JobSubmission> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            try {
                valid.add(parser.parse(jobs.get(i)));
                validIndex.add(i);
            } catch (InvalidRequestException e) {
                result.put("status", "REJECTED");
                result.put("errors", e.errors());
            }
            results.add(result);
        }
        if (valid.isEmpty()) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "jobs",
                    "every job in the batch is invalid;"
                            + " see the results of a smaller batch or submit them one by one for details")));
        }
        ApiClient client = caller();
        rateLimiter.acquire(client, valid.size());
        List<UUID> ids = service.submitAll(
                valid, RequestCorrelation.current(), client.keyId().toString());
        for (int k = 0; k < ids.size(); k++) {
            Map<String, Object> result = results.get(validIndex.get(k));
            result.put("task_id", ids.get(k));
            result.put("status", "PENDING");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", ids.size());
        answer.put("rejected", jobs.size() - ids.size());
        answer.put("results", results);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    @GetMapping("/api/v1/admin/tasks/{id}/status")
    JobView status(@PathVariable("id") String id) {
        return found(taskId(id));
    }

    /**
     * The status once the job is terminal, or no longer in {@code since_status}, or after {@code
     * wait} (a duration such as {@code 30s}, at most {@code jobs.api.status-wait.max-wait}) with the
     * status it has then. The request holds no thread while it waits.
     */
    @GetMapping(path = "/api/v1/admin/tasks/{id}/status", params = "wait")
    DeferredResult<JobView> awaitStatus(
            @PathVariable("id") String id,
            @RequestParam("wait") String wait,
            @RequestParam(name = "since_status", required = false) @Nullable String sinceStatus) {
        Duration waitFor = waitDuration(wait);
        String since = sinceStatus == null ? null : statusName(sinceStatus);
        JobView current = found(taskId(id));
        return waits.await(current, since, waitFor);
    }

    /** The status of many jobs in one request: {@code {"ids": [...]}} → {@code {"tasks": [...], "missing": [...]}}. */
    @PostMapping("/api/v1/admin/tasks:status")
    Map<String, Object> statuses(@RequestBody JsonNode body) {
        JsonNode ids = body.path("ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > properties.maxBatchSize()) {
            throw new BadRequestException(
                    "The body must be {\"ids\": [...]} with 1 to " + properties.maxBatchSize() + " task ids");
        }
        Set<UUID> wanted = new LinkedHashSet<>();
        for (JsonNode node : ids) {
            if (!node.isString()) {
                throw new BadRequestException("Every id must be a string holding a task id (a UUID)");
            }
            wanted.add(taskId(node.asString()));
        }
        Map<UUID, JobView> byId = new HashMap<>();
        service.findAll(wanted).forEach(view -> byId.put(view.taskId(), view));
        List<JobView> tasks = new ArrayList<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID taskId : wanted) {
            JobView view = byId.get(taskId);
            if (view == null) {
                missing.add(taskId);
            } else {
                tasks.add(view);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tasks", tasks);
        answer.put("missing", missing);
        return answer;
    }

    private JobView found(UUID taskId) {
        return service.find(taskId)
                .orElseThrow(() -> new NotFoundException(
                        "No task with id " + taskId + " was ever submitted; check the id returned on submission"));
    }

    private Duration waitDuration(String wait) {
        Duration max = waitProperties.maxWait();
        try {
            Duration parsed = DurationStyle.detectAndParse(wait, ChronoUnit.SECONDS);
            if (!parsed.isNegative() && parsed.compareTo(max) <= 0) {
                return parsed;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new BadRequestException("wait must be a duration between 0s and " + max.toSeconds()
                + "s, e.g. 30s (seconds when no unit is given)");
    }

    private static String statusName(String status) {
        try {
            return JobStatus.valueOf(status.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("since_status must be one of " + List.of(JobStatus.values()));
        }
    }

    @PostMapping("/api/v1/admin/tasks/{id}/revoke")
    Map<String, Object> revoke(@PathVariable("id") String id, @RequestBody(required = false) @Nullable JsonNode body) {
        UUID taskId = taskId(id);
        String reason = null;
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            JsonNode r = body.get("reason");
            if (!body.isObject() || (r != null && !r.isNull() && !r.isString())) {
                throw new BadRequestException("The revoke body is optional; if given it must be {\"reason\": \"...\"}");
            }
            reason = r == null || r.isNull() ? null : truncate(r.asString(), 1000);
            StorableInput.problemIn(reason == null ? "" : reason).ifPresent(problem -> {
                throw new InvalidRequestException(List.of(new FieldError("reason", problem)));
            });
        }
        JobService.Revoked revoked = service.revoke(taskId, reason, caller());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task_id", revoked.id());
        answer.put("status", "REVOKED");
        answer.put("previous_status", revoked.previous().name());
        answer.put("cancel_requested", revoked.cancelRequested());
        answer.put("reason", reason);
        return answer;
    }

    @GetMapping("/api/v1/admin/tasks")
    Map<String, Object> list(
            @RequestParam(name = "status", required = false) @Nullable String status,
            @RequestParam(name = "connector", required = false) @Nullable String connector,
            @RequestParam(name = "operation", required = false) @Nullable String operation,
            @RequestParam(name = "error_type", required = false) @Nullable String errorType,
            @RequestParam(name = "since", required = false) @Nullable String since,
            @RequestParam(name = "until", required = false) @Nullable String until,
            @RequestParam(name = "cursor", required = false) @Nullable String cursor,
            @RequestParam(name = "limit", defaultValue = "50") String limit) {
        int pageSize = pageSize(limit);
        JobService.Page page =
                service.list(TaskFilter.parse(status, connector, operation, errorType, since, until, cursor), pageSize);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tasks", page.tasks());
        answer.put("next_cursor", page.nextCursor());
        return answer;
    }

    private static ApiClient caller() {
        return CurrentClient.get()
                .orElseThrow(() -> new IllegalStateException("no authenticated client on an /api request"));
    }

    private static int pageSize(String limit) {
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_PAGE) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequestException("limit must be an integer between 1 and " + MAX_PAGE);
    }

    private static UUID taskId(String id) {
        return JobIds.parse(id)
                .orElseThrow(() -> new BadRequestException(
                        "Task id '" + abbreviate(id) + "' is not a UUID; use the task_id returned on submission"));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
