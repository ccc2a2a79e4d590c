package dev.connectorjobs.api.schedule;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.model.job.JobIds;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Recurring schedules: create, read, change, pause, resume, delete, and their runs. */
@RestController
@RequiresUser
class ScheduleController {

    static final String PATH = "/api/v1/schedules";

    private static final int MAX_PAGE = 500;

    private final ScheduleService service;

    ScheduleController(ScheduleService service) {
        this.service = service;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScheduleView> create(@RequestBody JsonNode body) {
        ScheduleView created = service.create(body, caller());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(PATH + "/" + created.scheduleId()))
                .body(created);
    }

    @GetMapping(PATH)
    Map<String, Object> list(
            @RequestParam(name = "cursor", required = false) @Nullable String cursor,
            @RequestParam(name = "limit", defaultValue = "50") String limit) {
        UUID after = cursor == null ? null : id(cursor, "cursor");
        ScheduleService.Page page = service.list(caller(), after, pageSize(limit));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("schedules", page.schedules());
        answer.put("next_cursor", page.nextCursor());
        return answer;
    }

    @GetMapping(PATH + "/{id}")
    ScheduleView get(@PathVariable("id") String id) {
        return service.get(id(id, "schedule id"), caller());
    }

    /** Changes the fields given (a JSON merge of the top-level fields; {@code job} is replaced whole). */
    @PatchMapping(
            path = PATH + "/{id}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    ScheduleView update(@PathVariable("id") String id, @RequestBody JsonNode body) {
        return service.update(id(id, "schedule id"), body, caller());
    }

    @PostMapping(PATH + "/{id}/pause")
    ScheduleView pause(@PathVariable("id") String id) {
        return service.pause(id(id, "schedule id"), caller());
    }

    @PostMapping(PATH + "/{id}/resume")
    ScheduleView resume(@PathVariable("id") String id) {
        return service.resume(id(id, "schedule id"), caller());
    }

    @DeleteMapping(PATH + "/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") String id) {
        service.delete(id(id, "schedule id"), caller());
        return ResponseEntity.noContent().build();
    }

    /** The schedule's runs, newest tick first, each with its job and the job's status. */
    @GetMapping(PATH + "/{id}/runs")
    Map<String, Object> runs(
            @PathVariable("id") String id,
            @RequestParam(name = "cursor", required = false) @Nullable String cursor,
            @RequestParam(name = "limit", defaultValue = "50") String limit) {
        Instant before = cursor == null ? null : runCursor(cursor);
        ScheduleService.RunPage page = service.runs(id(id, "schedule id"), caller(), before, pageSize(limit));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runs", page.runs());
        answer.put(
                "next_cursor",
                page.nextCursor() == null
                        ? null
                        : Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(page.nextCursor().getBytes(StandardCharsets.US_ASCII)));
        return answer;
    }

    private static ApiClient caller() {
        return CurrentClient.get()
                .orElseThrow(() -> new IllegalStateException("no authenticated client on an /api request"));
    }

    private static UUID id(String text, String what) {
        return JobIds.parse(text)
                .orElseThrow(() -> new BadRequestException(what + " '" + abbreviate(text)
                        + "' is not a UUID; use the schedule_id returned on creation or the next_cursor of a page"));
    }

    private static Instant runCursor(String cursor) {
        try {
            return Instant.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadRequestException("cursor is not one this API returned; use the next_cursor of the last page");
        }
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

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
