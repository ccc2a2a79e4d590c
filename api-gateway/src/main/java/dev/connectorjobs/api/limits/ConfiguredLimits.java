package dev.connectorjobs.api.limits;

import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.catalog.OperationDescriptor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The limits of {@code jobs.limits.*}, checked against the catalogue and written to PostgreSQL at
 * start. A mistake (an unknown connector, a start limit without its window) stops the start with
 * the property named, rather than leaving a limit silently unenforced.
 */
@Component
class ConfiguredLimits implements ApplicationRunner {

    private final Map<LimitsRepository.LimitKey, LimitSpec> limits;
    private final LimitsRepository repository;
    private final Clock clock;

    ConfiguredLimits(LimitProperties properties, ConnectorCatalog catalog, LimitsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.limits = read(properties, catalog);
    }

    @Override
    public void run(ApplicationArguments args) {
        repository.syncConfigured(limits, clock.instant());
    }

    /** The configured limit of a key, if any. */
    Optional<LimitSpec> of(String connector, String operation) {
        return Optional.ofNullable(limits.get(new LimitsRepository.LimitKey(connector, operation)));
    }

    private static Map<LimitsRepository.LimitKey, LimitSpec> read(
            LimitProperties properties, ConnectorCatalog catalog) {
        Map<LimitsRepository.LimitKey, LimitSpec> read = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        properties.connectors().forEach((name, connector) -> {
            String prefix = "jobs.limits.connectors." + name;
            Optional<ConnectorDescriptor> descriptor = catalog.connector(name);
            if (descriptor.isEmpty()) {
                errors.add(new FieldError(prefix, "names no enabled connector; known: " + names(catalog)));
                return;
            }
            LimitSpec whole = new LimitSpec(connector.maxConcurrent(), connector.maxStarts(), connector.perSeconds());
            if (!whole.equals(new LimitSpec(null, null, null))) {
                add(read, errors, new LimitsRepository.LimitKey(name, ""), whole, prefix);
            }
            connector.operations().forEach((operation, limit) -> {
                String opPrefix = prefix + ".operations." + operation;
                if (descriptor.get().operations().stream()
                        .map(OperationDescriptor::name)
                        .noneMatch(operation::equals)) {
                    errors.add(new FieldError(opPrefix, "names no operation of " + name));
                    return;
                }
                add(
                        read,
                        errors,
                        new LimitsRepository.LimitKey(name, operation),
                        new LimitSpec(limit.maxConcurrent(), limit.maxStarts(), limit.perSeconds()),
                        opPrefix);
            });
        });
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Invalid connector limits in configuration: "
                    + errors.stream().map(e -> e.field() + " " + e.message()).toList());
        }
        return Map.copyOf(read);
    }

    private static void add(
            Map<LimitsRepository.LimitKey, LimitSpec> read,
            List<FieldError> errors,
            LimitsRepository.LimitKey key,
            LimitSpec spec,
            String prefix) {
        List<FieldError> problems = LimitRules.problems(spec, LimitRules.Naming.properties(prefix));
        if (problems.isEmpty()) {
            read.put(key, spec);
        } else {
            errors.addAll(problems);
        }
    }

    private static List<String> names(ConnectorCatalog catalog) {
        return catalog.connectors().stream()
                .map(ConnectorDescriptor::name)
                .sorted()
                .toList();
    }
}
