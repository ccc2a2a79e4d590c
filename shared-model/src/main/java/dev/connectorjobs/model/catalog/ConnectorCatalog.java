package dev.connectorjobs.model.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connectors a deployment offers, and validation of a submission against their declarations.
 * The API validates with it before anything is stored; workers check at start-up that they
 * implement what it declares.
 */
public final class ConnectorCatalog {

    private final Map<String, ConnectorDescriptor> connectors;

    private ConnectorCatalog(Map<String, ConnectorDescriptor> connectors) {
        this.connectors = connectors;
    }

    /** A catalogue of the given connectors. */
    public static ConnectorCatalog of(Collection<ConnectorDescriptor> descriptors) {
        Map<String, ConnectorDescriptor> byName = new LinkedHashMap<>();
        for (ConnectorDescriptor d : descriptors) {
            if (byName.put(d.name(), d) != null) {
                throw new IllegalArgumentException("Connector '" + d.name() + "' is declared twice");
            }
        }
        return new ConnectorCatalog(Map.copyOf(byName));
    }

    /** The connector called {@code name}. */
    public Optional<ConnectorDescriptor> connector(String name) {
        return Optional.ofNullable(connectors.get(name));
    }

    /** All connectors, sorted by name. */
    public List<ConnectorDescriptor> connectors() {
        return connectors.values().stream()
                .sorted(java.util.Comparator.comparing(ConnectorDescriptor::name))
                .toList();
    }

    /**
     * Validates a submission: the connector and operation must exist and the params must match the
     * operation's declared parameters.
     *
     * @return the field errors; empty when the submission is valid
     */
    public List<FieldError> validate(String connector, String operation, Map<String, Object> params) {
        ConnectorDescriptor descriptor = connectors.get(connector);
        if (descriptor == null) {
            return List.of(new FieldError(
                    "connector",
                    "Unknown connector '" + connector + "'; available: "
                            + connectors().stream()
                                    .map(ConnectorDescriptor::name)
                                    .toList()));
        }
        Optional<OperationDescriptor> op = descriptor.operation(operation);
        if (op.isEmpty()) {
            return List.of(new FieldError(
                    "operation",
                    "Connector '" + connector + "' has no operation '" + operation + "'; available: "
                            + descriptor.operationNames()));
        }
        return validateParams(op.get(), params);
    }

    static List<FieldError> validateParams(OperationDescriptor op, Map<String, Object> params) {
        List<FieldError> errors = new ArrayList<>();
        for (ParameterDescriptor p : op.parameters()) {
            Object value = params.get(p.name());
            String field = "params." + p.name();
            if (value == null) {
                if (p.required()) {
                    errors.add(
                            new FieldError(field, "is required: " + p.type().description() + ", " + p.description()));
                }
                continue;
            }
            if (!p.type().accepts(value)) {
                errors.add(new FieldError(field, "must be " + p.type().description()));
                continue;
            }
            if (value instanceof String text && !p.allows(text)) {
                errors.add(new FieldError(field, "must be one of " + p.allowed()));
            }
            if (value instanceof List<?> items && !p.allowed().isEmpty() && !allowsEach(p, items)) {
                errors.add(new FieldError(field, "must be a list of values each one of " + p.allowed()));
            }
            if (value instanceof Number n) {
                double d = n.doubleValue();
                p.minimum()
                        .filter(min -> d < min)
                        .ifPresent(min -> errors.add(new FieldError(field, "must be at least " + format(min))));
                p.maximum()
                        .filter(max -> d > max)
                        .ifPresent(max -> errors.add(new FieldError(field, "must be at most " + format(max))));
            }
            if (value instanceof List<?> list) {
                validateItems(p, field, list, errors);
            }
        }
        if (!op.openParameters()) {
            for (String key : params.keySet()) {
                if (op.parameter(key).isEmpty()) {
                    errors.add(new FieldError(
                            "params." + key,
                            "is not a parameter of operation '" + op.name() + "'; declared: "
                                    + op.parameters().stream()
                                            .map(ParameterDescriptor::name)
                                            .toList()));
                }
            }
        }
        return List.copyOf(errors);
    }

    /** The number of items against the bounds, and the first item of the wrong type. */
    private static void validateItems(ParameterDescriptor p, String field, List<?> list, List<FieldError> errors) {
        int size = list.size();
        p.minimum()
                .filter(min -> size < min)
                .ifPresent(min -> errors.add(new FieldError(field, "must have at least " + items(min))));
        p.maximum()
                .filter(max -> size > max)
                .ifPresent(max -> errors.add(new FieldError(field, "must have at most " + items(max))));
        p.items().ifPresent(type -> {
            for (int i = 0; i < size; i++) {
                Object item = list.get(i);
                if (item == null || !type.accepts(item)) {
                    errors.add(new FieldError(field + "[" + i + "]", "must be " + type.description()));
                    return;
                }
            }
        });
    }

    private static String items(double count) {
        return format(count) + (count == 1 ? " item" : " items");
    }

    private static boolean allowsEach(ParameterDescriptor p, List<?> items) {
        return items.stream().allMatch(item -> item instanceof String text && p.allows(text));
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
