package dev.connectorjobs.api.limits;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.catalog.OperationDescriptor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The cluster-wide limits, for the ADMIN API and the console alike: read them, set one at run time,
 * delete one (a configured limit then applies again). Every change is audited. The callers check
 * the role; this class checks the names against the catalogue and the values against {@link
 * LimitRules}.
 */
@Service
public final class Limits {

    private final LimitsRepository repository;
    private final ConfiguredLimits configured;
    private final ConnectorCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    Limits(
            LimitsRepository repository,
            ConfiguredLimits configured,
            ConnectorCatalog catalog,
            AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.configured = configured;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every stored limit, by connector then operation. */
    public List<LimitView> all() {
        return repository.all();
    }

    /**
     * Every stored limit with the jobs it holds now: attempts running under it, and jobs deferred
     * by it that wait for a slot. Two grouped reads of the small limit tables, with a primary-key
     * look-up in {@code jobs} per holder and per waiter; no scan of {@code jobs}.
     */
    public List<LimitUse> inUse() {
        Map<LimitsRepository.LimitKey, Integer> running = repository.running();
        Map<LimitsRepository.LimitKey, Integer> waiting = repository.waiting();
        return repository.all().stream()
                .map(limit -> {
                    LimitsRepository.LimitKey key = new LimitsRepository.LimitKey(
                            limit.connector(), limit.operation() == null ? "" : limit.operation());
                    return new LimitUse(limit, running.getOrDefault(key, 0), waiting.getOrDefault(key, 0));
                })
                .toList();
    }

    /** The limit of a connector ({@code operation} null) or of one of its operations, if one is set. */
    public Optional<LimitView> find(String connector, @Nullable String operation) {
        return repository.find(connector, checked(connector, operation));
    }

    /**
     * Sets a limit at run time; it replaces a configured one until it is deleted.
     *
     * @throws NotFoundException for a connector or operation the catalogue does not have
     * @throws InvalidRequestException for values {@link LimitRules} refuses, naming the request fields
     */
    public LimitView put(String connector, @Nullable String operation, LimitSpec spec) {
        String op = checked(connector, operation);
        List<FieldError> problems = LimitRules.problems(spec, LimitRules.Naming.REQUEST);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        LimitView stored = repository.put(
                connector, op, spec, CurrentClient.get().map(ApiClient::name).orElse(null), clock.instant());
        audit.record("limits.put", name(connector, op), detail(spec));
        return stored;
    }

    /**
     * Deletes a limit. A limit that configuration also sets goes back to the configured values,
     * which the answer holds; to lift it for good, remove it from configuration too.
     *
     * @throws NotFoundException when no limit is set for that name
     */
    public Optional<LimitSpec> delete(String connector, @Nullable String operation) {
        String op = checked(connector, operation);
        if (!repository.delete(connector, op)) {
            throw new NotFoundException("No limit is set for " + name(connector, op));
        }
        Optional<LimitSpec> restored = configured.of(connector, op);
        restored.ifPresent(spec ->
                repository.restoreConfigured(new LimitsRepository.LimitKey(connector, op), spec, clock.instant()));
        audit.record("limits.delete", name(connector, op), Map.of());
        return restored;
    }

    /** Checks the connector and operation against the catalogue; returns the operation key ("" for all). */
    String checked(String connector, @Nullable String operation) {
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

    static String name(String connector, String operation) {
        return operation.isEmpty() ? connector : connector + "." + operation;
    }
}
