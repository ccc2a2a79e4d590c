package dev.connectorjobs.model.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
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
 * @param minimum for INTEGER and NUMBER, the smallest allowed value; for ARRAY, the fewest items;
 *     absent when unbounded
 * @param maximum for INTEGER and NUMBER, the largest allowed value; for ARRAY, the most items; absent
 *     when unbounded
 * @param allowed for STRING, the values it may take; for ARRAY, the values each of its items may take
 *     (compared ignoring case); empty for any
 * @param items for ARRAY, the type every item must have; absent for any
 */
public record ParameterDescriptor(
        String name,
        ParameterType type,
        boolean required,
        String description,
        Optional<Double> minimum,
        Optional<Double> maximum,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> allowed,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ParameterType> items) {

    public ParameterDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        allowed = List.copyOf(allowed);
        Objects.requireNonNull(items, "items");
    }

    /** A required parameter without bounds. */
    public static ParameterDescriptor required(String name, ParameterType type, String description) {
        return new ParameterDescriptor(
                name, type, true, description, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /** An optional parameter without bounds. */
    public static ParameterDescriptor optional(String name, ParameterType type, String description) {
        return new ParameterDescriptor(
                name, type, false, description, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /**
     * This parameter with bounds (either may be null for unbounded): on the value of an INTEGER or
     * NUMBER, on the number of items of an ARRAY.
     */
    public ParameterDescriptor between(@Nullable Number min, @Nullable Number max) {
        return new ParameterDescriptor(
                name,
                type,
                required,
                description,
                Optional.ofNullable(min).map(Number::doubleValue),
                Optional.ofNullable(max).map(Number::doubleValue),
                allowed,
                items);
    }

    /**
     * This STRING parameter restricted to {@code values}, or this ARRAY parameter restricted to lists
     * of strings each one of {@code values} (compared ignoring case).
     */
    public ParameterDescriptor oneOf(String... values) {
        if (type != ParameterType.STRING && type != ParameterType.ARRAY) {
            throw new IllegalArgumentException(
                    "Only a STRING or ARRAY parameter has a set of values; '" + name + "' is " + type);
        }
        return new ParameterDescriptor(name, type, required, description, minimum, maximum, List.of(values), items);
    }

    /** This ARRAY parameter, whose every item must have type {@code itemType}. */
    public ParameterDescriptor items(ParameterType itemType) {
        if (type != ParameterType.ARRAY) {
            throw new IllegalArgumentException("Only an ARRAY parameter has items; '" + name + "' is " + type);
        }
        return new ParameterDescriptor(
                name, type, required, description, minimum, maximum, allowed, Optional.of(itemType));
    }

    /** Whether {@code value} is one of the {@link #allowed} values, or any value is. */
    public boolean allows(String value) {
        return allowed.isEmpty() || allowed.stream().anyMatch(value::equalsIgnoreCase);
    }
}
