package dev.connectorjobs.api.schedule;

import dev.connectorjobs.api.job.TemplateSubmissions;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.StorableInput;
import dev.connectorjobs.model.catalog.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns a create or change request into a {@link ScheduleDraft}, or an {@link
 * InvalidRequestException} listing every field that is wrong. The job template is checked by the
 * job submission's own validation ({@link TemplateSubmissions}); its errors are reported under
 * {@code job.}.
 */
@Component
final class ScheduleRequests {

    private static final Set<String> FIELDS = Set.of("name", "cron", "time_zone", "misfire_policy", "job", "paused");

    /** Longest name, in characters. */
    static final int MAX_NAME = 200;

    static final String DEFAULT_ZONE = "UTC";

    private final TemplateSubmissions templates;
    private final ScheduleProperties properties;

    ScheduleRequests(TemplateSubmissions templates, ScheduleProperties properties) {
        this.templates = templates;
        this.properties = properties;
    }

    /**
     * The new schedule a request describes, or the result of applying a change to {@code current}
     * (fields absent from the request keep their value).
     */
    ScheduleDraft parse(JsonNode body, @Nullable ScheduleRow current, Instant now) {
        if (!body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("", "the request body must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(
                        field,
                        "is not a known field; known fields: "
                                + FIELDS.stream().sorted().toList()));
            }
        }
        if (current != null && body.isEmpty()) {
            errors.add(new FieldError(
                    "",
                    "name at least one field to change: "
                            + FIELDS.stream().sorted().toList()));
        }
        String name = text(body, "name", current == null ? null : current.name(), MAX_NAME, errors);
        String cron = text(body, "cron", current == null ? null : current.cron(), CronSchedule.MAX_LENGTH, errors);
        String zone = text(
                body,
                "time_zone",
                current == null ? DEFAULT_ZONE : current.timeZone(),
                CronSchedule.MAX_ZONE_LENGTH,
                errors);
        MisfirePolicy misfire = misfire(body, current == null ? MisfirePolicy.SKIP : current.misfirePolicy(), errors);
        boolean paused = paused(body, current != null && current.paused(), errors);
        JsonNode job = job(body, current == null ? null : current.job(), errors);
        CronSchedule schedule = null;
        if (cron != null && zone != null) {
            try {
                schedule = CronSchedule.parse(cron, zone);
                schedule.checkTicks(now, properties.minInterval());
            } catch (CronSchedule.Invalid e) {
                errors.add(new FieldError(e.field(), e.reason()));
            }
        }
        if (!errors.isEmpty() || name == null || schedule == null || job == null) {
            throw new InvalidRequestException(errors);
        }
        return new ScheduleDraft(name, schedule, misfire, job, paused);
    }

    private static @Nullable String text(
            JsonNode body, String field, @Nullable String fallback, int max, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null) {
            if (fallback == null) {
                errors.add(new FieldError(field, "is required"));
            }
            return fallback;
        }
        if (!node.isString() || node.asString().isBlank() || node.asString().length() > max) {
            errors.add(new FieldError(field, "must be a non-empty string of at most " + max + " characters"));
            return null;
        }
        String text = node.asString();
        var problem = StorableInput.problemIn(text);
        if (problem.isPresent()) {
            errors.add(new FieldError(field, problem.get()));
            return null;
        }
        return text;
    }

    private static MisfirePolicy misfire(JsonNode body, MisfirePolicy fallback, List<FieldError> errors) {
        JsonNode node = body.get("misfire_policy");
        if (node == null) {
            return fallback;
        }
        var policy = node.isString() ? MisfirePolicy.fromWire(node.asString()) : Optional.<MisfirePolicy>empty();
        if (policy.isEmpty()) {
            errors.add(new FieldError(
                    "misfire_policy",
                    "must be one of "
                            + Arrays.stream(MisfirePolicy.values())
                                    .map(MisfirePolicy::wireName)
                                    .collect(Collectors.joining(", "))
                            + ": what to do with ticks missed while no api-gateway ran"));
            return fallback;
        }
        return policy.get();
    }

    private static boolean paused(JsonNode body, boolean fallback, List<FieldError> errors) {
        JsonNode node = body.get("paused");
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            errors.add(new FieldError("paused", "must be true or false"));
            return fallback;
        }
        return node.asBoolean();
    }

    private @Nullable JsonNode job(JsonNode body, @Nullable JsonNode fallback, List<FieldError> errors) {
        JsonNode node = body.get("job");
        if (node == null) {
            if (fallback == null) {
                errors.add(new FieldError(
                        "job", "is required: the job to submit at each tick, in the body of POST /api/v1/jobs"));
            }
            return fallback;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("job", "must be a JSON object: the body of a job submission"));
            return null;
        }
        // A template is submitted anew at every tick, so its times must be relative to the tick.
        int before = errors.size();
        if (node.has("eta")) {
            errors.add(new FieldError(
                    "job.eta",
                    "is an instant, the same for every tick; a schedule's job is delayed relative to its tick:"
                            + " use countdown (seconds after the tick) instead"));
        }
        JsonNode expires = node.get("expires");
        if (expires != null && expires.isString()) {
            errors.add(new FieldError(
                    "job.expires",
                    "is an instant, the same for every tick; give it in seconds after the tick instead"));
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            templates.validate(node);
        } catch (InvalidRequestException e) {
            for (FieldError error : e.errors()) {
                errors.add(new FieldError(error.field().isEmpty() ? "job" : "job." + error.field(), error.message()));
            }
            return null;
        }
        return node;
    }
}
