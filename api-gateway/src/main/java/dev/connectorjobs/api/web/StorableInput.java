package dev.connectorjobs.api.web;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What PostgreSQL and the JSON writer cannot carry, found before anything is stored: the character
 * U+0000 (no PostgreSQL text or jsonb value can hold it), UTF-16 surrogates without their pair (no
 * UTF-8 form), numbers that are not finite ({@code 1e400} reads as infinity), and JSON nested deeper
 * than {@value #MAX_DEPTH} levels.
 */
public final class StorableInput {

    /** The deepest nesting of objects and arrays accepted in a JSON value such as a job's params. */
    public static final int MAX_DEPTH = 32;

    private StorableInput() {}

    /** Why {@code text} cannot be stored, or empty if it can. */
    public static Optional<String> problemIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return Optional.of("must not contain the character U+0000 (\\u0000)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must not contain a lone UTF-16 surrogate (\\u" + Integer.toHexString(c)
                        + "); send valid Unicode text");
            }
        }
        return Optional.empty();
    }

    /**
     * Where and why a JSON value cannot be stored, or empty if it can.
     *
     * @param field the name of the value, the start of the location reported (e.g. {@code params})
     * @return a field path such as {@code params.items[2].name} and the reason
     */
    public static Optional<Problem> problemIn(String field, JsonNode node) {
        return walk(field, node, 0);
    }

    /** A value that cannot be stored: where it is and why. */
    public record Problem(String field, String message) {}

    private static Optional<Problem> walk(String path, JsonNode node, int depth) {
        if (node.isContainer() && depth >= MAX_DEPTH) {
            return Optional.of(new Problem(path, "is nested deeper than " + MAX_DEPTH + " levels; flatten it"));
        }
        if (node.isString()) {
            return problemIn(node.asString()).map(m -> new Problem(path, m));
        }
        if (node.isNumber()) {
            boolean finite = !(node.isDouble() || node.isFloat()) || Double.isFinite(node.asDouble());
            return finite
                    ? Optional.empty()
                    : Optional.of(new Problem(path, "is a number too large to store; send it as a string"));
        }
        if (node.isObject()) {
            for (var property : node.properties()) {
                String name = property.getKey();
                Optional<String> badName = problemIn(name);
                if (badName.isPresent()) {
                    return Optional.of(new Problem(path, "has a property name that " + badName.get()));
                }
                Optional<Problem> inner = walk(path + "." + name, property.getValue(), depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<Problem> inner = walk(path + "[" + i + "]", node.get(i), depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }
}
