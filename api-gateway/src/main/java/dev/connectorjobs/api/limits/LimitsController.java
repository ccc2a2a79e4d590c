package dev.connectorjobs.api.limits;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.catalog.OperationDescriptor;
import java.time.Clock;
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

    private final LimitsRepository limits;
    private final ConfiguredLimits configured;
    private final ConnectorCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    LimitsController(
            LimitsRepository limits,
            ConfiguredLimits configured,
            ConnectorCatalog catalog,
            AuditLog audit,
            Clock clock) {
        this.limits = limits;
        this.configured = configured;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
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
        String op = checked(connector, operation);
        return limits.find(connector, op)
                .orElseThrow(() ->
                        new NotFoundException("No limit is set for " + name(connector, op) + "; PUT one to create it"));
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
        String op = checked(connector, operation);
        LimitSpec spec = parse(body);
        LimitView stored = limits.put(
                connector, op, spec, CurrentClient.get().map(ApiClient::name).orElse(null), clock.instant());
        audit.record("limits.put", name(connector, op), detail(spec));
        return stored;
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
        String op = checked(connector, operation);
        if (!limits.delete(connector, op)) {
            throw new NotFoundException("No limit is set for " + name(connector, op));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("connector", connector);
        answer.put("operation", op.isEmpty() ? null : op);
        answer.put("removed", true);
        configured.of(connector, op).ifPresent(spec -> {
            limits.restoreConfigured(new LimitsRepository.LimitKey(connector, op), spec, clock.instant());
            answer.put("restored_from_configuration", spec);
        });
        audit.record("limits.delete", name(connector, op), Map.of());
        return answer;
    }

    /** Checks the connector and operation against the catalogue; returns the operation key ("" for all). */
    private String checked(String connector, @Nullable String operation) {
        ConnectorDescriptor descriptor = catalog.connector(connector)
                .orElseThrow(() -> new NotFoundException(
                        "Unknown connector '" + connector + "'; GET /api/v1/connectors lists the enabled ones"));
        if (operation == null) {
            return "";
        }
        if (descriptor.operations().stream().map(OperationDescriptor::name).noneMatch(operation::equals)) {
            throw new NotFoundException("Connector '" + connector + "' has no operation '" + operation + "'; it has "
                    + descriptor.operations().stream()
                            .map(OperationDescriptor::name)
                            .toList());
        }
        return operation;
    }

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
        if (errors.isEmpty()) {
            errors.addAll(LimitRules.problems(spec, LimitRules.Naming.REQUEST));
        }
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

    private static Map<String, Object> detail(LimitSpec spec) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (spec.maxConcurrent() != null) {
            detail.put("max_concurrent", spec.maxConcurrent());
        }
        if (spec.maxStarts() != null) {
            detail.put("max_starts", spec.maxStarts());
            detail.put("per_seconds", spec.perSeconds());
        }
        return detail;
    }

    private static String name(String connector, String operation) {
        return operation.isEmpty() ? connector : connector + "." + operation;
    }
}
