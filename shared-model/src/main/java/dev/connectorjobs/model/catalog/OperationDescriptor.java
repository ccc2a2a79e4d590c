package dev.connectorjobs.model.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation a connector offers, with its declared parameters.
 *
 * @param name the operation name used in submissions
 * @param description what the operation does
 * @param parameters the declared parameters
 * @param openParameters whether parameters other than the declared ones are accepted (e.g. echo)
 */
public record OperationDescriptor(
        String name, String description, List<ParameterDescriptor> parameters, boolean openParameters) {

    public OperationDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
    }

    /** An operation that accepts only its declared parameters. */
    public static OperationDescriptor of(String name, String description, ParameterDescriptor... parameters) {
        return new OperationDescriptor(name, description, List.of(parameters), false);
    }

    /** The declared parameter called {@code name}. */
    public Optional<ParameterDescriptor> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
