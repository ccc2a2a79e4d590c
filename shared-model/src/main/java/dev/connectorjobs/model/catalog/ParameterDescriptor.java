package dev.connectorjobs.model.catalog;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One declared parameter of a connector operation.
 *
 * @param name the key in the job's {@code params} object
 * @param type the JSON type the value must have
 * @param required whether a submission must carry it
 * @param description what it means, shown in the catalogue
 * @param minimum for INTEGER and NUMBER, the smallest allowed value; absent when unbounded
 * @param maximum for INTEGER and NUMBER, the largest allowed value; absent when unbounded
 */
public record ParameterDescriptor(
        String name,
        ParameterType type,
        boolean required,
        String description,
        Optional<Double> minimum,
        Optional<Double> maximum) {

    public ParameterDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
    }

    /** A required parameter without bounds. */
    public static ParameterDescriptor required(String name, ParameterType type, String description) {
        return new ParameterDescriptor(name, type, true, description, Optional.empty(), Optional.empty());
    }

    /** An optional parameter without bounds. */
    public static ParameterDescriptor optional(String name, ParameterType type, String description) {
        return new ParameterDescriptor(name, type, false, description, Optional.empty(), Optional.empty());
    }

    /** This parameter with numeric bounds (either may be null for unbounded). */
    public ParameterDescriptor between(@Nullable Number min, @Nullable Number max) {
        return new ParameterDescriptor(
                name,
                type,
                required,
                description,
                Optional.ofNullable(min).map(Number::doubleValue),
                Optional.ofNullable(max).map(Number::doubleValue));
    }
}
