package dev.connectorjobs.model.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connector declares about itself so that a submission can be validated before it is
 * stored: its name, the circuit breaker that guards its calls, and its operations.
 *
 * @param name connector name used in submissions, e.g. {@code servicenow}
 * @param description what the connector talks to
 * @param breaker the circuit breaker name guarding its outbound calls; empty for none
 * @param operations the operations it offers
 */
public record ConnectorDescriptor(
        String name, String description, Optional<String> breaker, List<OperationDescriptor> operations) {

    public ConnectorDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(breaker, "breaker");
        operations = List.copyOf(operations);
        long distinct =
                operations.stream().map(OperationDescriptor::name).distinct().count();
        if (distinct != operations.size()) {
            throw new IllegalArgumentException("Connector '" + name + "' declares an operation twice");
        }
    }

    /**
     * Where this connector's properties live, {@code jobs.connectors.<name>}, with the name in the
     * kebab case of Spring property names: {@code external_api} is {@code
     * jobs.connectors.external-api}. Spring's relaxed binding reads {@code external_api} there too,
     * and the environment form is {@code JOBS_CONNECTORS_EXTERNAL_API_*}.
     */
    public String propertyPrefix() {
        return "jobs.connectors." + name.replace('_', '-');
    }

    /** The operation called {@code name}. */
    public Optional<OperationDescriptor> operation(String name) {
        return operations.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** Names of all operations, in declaration order. */
    public List<String> operationNames() {
        return operations.stream().map(OperationDescriptor::name).toList();
    }
}
