package dev.connectorjobs.api.job;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Re-drive of finished jobs: one by id, or every job a filter matches. */
@RestController
@RequiresUser
class RedriveController {

    private static final Set<String> SINGLE_FIELDS = Set.of("max_retries");

    private static final Set<String> FILTERS =
            Set.of("status", "connector", "operation", "error_type", "since", "until");

    private final Redrives redrives;
    private final SubmissionProperties submission;

    RedriveController(Redrives redrives, SubmissionProperties submission) {
        this.redrives = redrives;
        this.submission = submission;
    }

    /**
     * A new attempt of a FAILURE (poison jobs included) or REVOKED job; {@code {"max_retries": N}}
     * optionally gives it another retry budget.
     */
    @PostMapping("/api/v1/admin/tasks/{id}/retry")
    Map<String, Object> retry(@PathVariable("id") String id, @RequestBody(required = false) @Nullable JsonNode body) {
        UUID taskId = JobIds.parse(id)
                .orElseThrow(
                        () -> new BadRequestException("Task id is not a UUID; use the task_id returned on submission"));
        JsonNode request = body == null || body.isMissingNode() || body.isNull() ? null : body;
        if (request != null && !request.isObject()) {
            throw new BadRequestException("The retry body is optional; if given it must be {\"max_retries\": N}");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request != null) {
            unknownFields(request, SINGLE_FIELDS, errors);
        }
        Integer maxRetries = request == null ? null : maxRetries(request, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Redrives.Single single = redrives.redrive(taskId, maxRetries, caller());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task_id", single.id());
        answer.put("status", JobStatus.PENDING.name());
        answer.put("previous_status", single.previous().name());
        answer.put("attempt", single.attempt());
        answer.put("max_retries", single.maxRetries());
        return answer;
    }

    /**
     * Re-drives every FAILURE or REVOKED job the filters match (a USER key: only its own), answering
     * how many were re-queued.
     */
    @PostMapping("/api/v1/admin/tasks:retry")
    Map<String, Object> retryAll(@RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw new BadRequestException("The body must be a JSON object of filters, e.g. {\"status\": \"FAILURE\","
                    + " \"connector\": \"servicenow\", \"error_type\": \"PoisonJob\"}");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> known = new java.util.HashSet<>(FILTERS);
        known.add("max_retries");
        unknownFields(body, known, errors);
        Map<String, @Nullable String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            JsonNode node = body.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            if (!node.isString() || node.asString().isBlank()) {
                errors.add(new FieldError(name, "must be a non-empty string"));
            } else {
                filters.put(name, node.asString());
            }
        }
        String status = filters.get("status");
        if (status != null && !redrivable(status)) {
            errors.add(new FieldError(
                    "status", "must be one of " + JobTransitions.redrivable() + ": only finished jobs are re-driven"));
        }
        if (filters.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError(
                    "",
                    "give at least one filter of " + FILTERS.stream().sorted().toList()
                            + "; e.g. {\"status\": \"FAILURE\"} re-drives every failed job"));
        }
        Integer maxRetries = maxRetries(body, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        TaskFilter filter = TaskFilter.parse(
                status,
                filters.get("connector"),
                filters.get("operation"),
                filters.get("error_type"),
                filters.get("since"),
                filters.get("until"),
                null);
        Map<String, Object> request = new LinkedHashMap<>(filters);
        if (maxRetries != null) {
            request.put("max_retries", maxRetries);
        }
        Redrives.Bulk bulk = redrives.redriveAll(filter, maxRetries, caller(), request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requeued", bulk.requeued());
        answer.put("more", bulk.more());
        return answer;
    }

    private static boolean redrivable(String status) {
        try {
            return JobTransitions.redrivable().contains(JobStatus.valueOf(status.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private @Nullable Integer maxRetries(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("max_retries");
        if (node == null || node.isNull()) {
            return null;
        }
        int max = submission.maxRetriesLimit();
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0 || node.asInt() > max) {
            errors.add(new FieldError("max_retries", "must be an integer between 0 and " + max));
            return null;
        }
        return node.asInt();
    }

    private static void unknownFields(JsonNode body, Set<String> known, List<FieldError> errors) {
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                errors.add(new FieldError(
                        abbreviate(name),
                        "is not a known field; known fields: "
                                + known.stream().sorted().toList()));
            }
        }
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }

    private static ApiClient caller() {
        return CurrentClient.get()
                .orElseThrow(() -> new IllegalStateException("no authenticated client on an /api request"));
    }
}
