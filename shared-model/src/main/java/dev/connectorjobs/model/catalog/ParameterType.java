package dev.connectorjobs.model.catalog;

import java.util.List;
import java.util.Map;

/** The JSON type a declared operation parameter must have. */
public enum ParameterType {
    STRING("a string"),
    INTEGER("an integer"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    OBJECT("a JSON object"),
    ARRAY("a JSON array"),
    ANY("any JSON value");

    private final String description;

    ParameterType(String description) {
        this.description = description;
    }

    /** Human wording used in validation messages, e.g. "an integer". */
    public String description() {
        return description;
    }

    /** Whether a value as parsed from JSON (String, Number, Boolean, Map, List) has this type. */
    public boolean accepts(Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case INTEGER -> isIntegral(value);
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case OBJECT -> value instanceof Map;
            case ARRAY -> value instanceof List;
            case ANY -> true;
        };
    }

    private static boolean isIntegral(Object value) {
        return switch (value) {
            case Integer i -> true;
            case Long l -> true;
            case Short s -> true;
            case java.math.BigInteger b -> true;
            case java.math.BigDecimal d -> d.stripTrailingZeros().scale() <= 0;
            case Double d -> !d.isInfinite() && d == Math.rint(d);
            case Float f -> !f.isInfinite() && f == Math.rint(f);
            default -> false;
        };
    }
}
