package dev.connectorjobs.api.job;

import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Submitting jobs and reading their status. */
@RestController
class JobController {

    /** Printable ASCII without spaces, up to 128 characters; anything else is replaced. */
    private static final Pattern CORRELATION_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final SubmissionParser parser;
    private final JobService service;

    JobController(SubmissionParser parser, JobService service) {
        this.parser = parser;
        this.service = service;
    }

    @PostMapping(path = "/api/v1/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> submit(
            @RequestBody JsonNode body,
            @RequestHeader(name = Headers.CORRELATION_ID, required = false) @Nullable String correlationId) {
        JobSubmission submission = parser.parse(body);
        UUID id = service.submit(submission, correlationId(correlationId));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/admin/tasks/" + id + "/status"))
                .body(Map.of("task_id", id, "status", JobStatus.PENDING.name()));
    }

    @GetMapping("/api/v1/admin/tasks/{id}/status")
    JobView status(@PathVariable("id") String id) {
        UUID taskId = JobIds.parse(id)
                .orElseThrow(() -> new BadRequestException(
                        "Task id '" + abbreviate(id) + "' is not a UUID; use the task_id returned on submission"));
        return service.find(taskId)
                .orElseThrow(() -> new NotFoundException(
                        "No task with id " + taskId + " was ever submitted; check the id returned on submission"));
    }

    private static String correlationId(@Nullable String given) {
        if (given != null && CORRELATION_ID.matcher(given).matches()) {
            return given;
        }
        return UUID.randomUUID().toString();
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
