package dev.connectorjobs.api.limits;

import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.catalog.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Cluster-wide limits (ADMIN only): {@code /api/v1/admin/limits/{connector}} for a whole connector,
 * {@code /api/v1/admin/limits/{connector}/{operation}} for one operation. Every change is audited.
 * Workers apply a change to their claims within about a second.
 */
@RestController
@RequiresAdmin
class LimitsController {

    private static final String PATH = "/api/v1/admin/limits";
    private static final Set<String> FIELDS = Set.of("max_concurrent", "max_starts", "per_seconds");

    private final Limits limits;

    LimitsController(Limits limits) {
        this.limits = limits;
    }

    @GetMapping(PATH)
    Map<String, Object> list() {
        return Map.of("limits", limits.all());
    }

    @GetMapping(PATH + "/{connector}")
    LimitView get(@PathVariable("connector") String connector) {
        return get(connector, null);
    }

    @GetMapping(PATH + "/{connector}/{operation}")
    LimitView get(@PathVariable("connector") String connector, @PathVariable("operation") @Nullable String operation) {
        return limits.find(connector, operation)
                .orElseThrow(() -> new NotFoundException("No limit is set for "
                        + Limits.name(connector, operation == null ? "" : operation) + "; PUT one to create it"));
    }

    @PutMapping(PATH + "/{connector}")
    LimitView put(@PathVariable("connector") String connector, @RequestBody JsonNode body) {
        return put(connector, null, body);
    }

    @PutMapping(PATH + "/{connector}/{operation}")
    LimitView put(
            @PathVariable("connector") String connector,
            @PathVariable("operation") @Nullable String operation,
            @RequestBody JsonNode body) {
        // An unknown name is answered (404) before the body is read.
        limits.checked(connector, operation);
        return limits.put(connector, operation, parse(body));
    }

    @DeleteMapping(PATH + "/{connector}")
    Map<String, Object> delete(@PathVariable("connector") String connector) {
        return delete(connector, null);
    }

    /**
     * Deletes a limit. A limit that configuration also sets goes back to the configured values (and
     * the answer says so); to lift it for good, remove it from configuration too.
     */
    @DeleteMapping(PATH + "/{connector}/{operation}")
    Map<String, Object> delete(
            @PathVariable("connector") String connector, @PathVariable("operation") @Nullable String operation) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("connector", connector);
        answer.put("operation", operation);
        answer.put("removed", true);
        limits.delete(connector, operation).ifPresent(spec -> answer.put("restored_from_configuration", spec));
        return answer;
    }

    /** The body's values, or 400 naming every field of the wrong type and every unknown one. */
    private static LimitSpec parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidRequestException(List.of(
                    new FieldError("", "the request body must be a JSON object such as {\"max_concurrent\": 3}")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(
                        name,
                        "is not a known field; known fields: "
                                + FIELDS.stream().sorted().toList()));
            }
        }
        LimitSpec spec = new LimitSpec(
                integer(body, "max_concurrent", errors),
                integer(body, "max_starts", errors),
                integer(body, "per_seconds", errors));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return spec;
    }

    private static @Nullable Integer integer(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
        return node.asInt();
    }
}
