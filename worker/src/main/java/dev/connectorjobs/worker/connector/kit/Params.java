package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of a job's params. The API validated them against the connector's declaration; these
 * readers still check, so a connector never casts, and a param the declaration cannot express
 * (non-blank, one of a set) fails the job permanently with {@code InvalidRequest} naming it.
 */
public final class Params {

    private final String connector;
    private final Map<String, Object> values;

    private Params(String connector, Map<String, Object> values) {
        this.connector = connector;
        this.values = values;
    }

    /** The params of {@code job}. */
    public static Params of(JobContext job) {
        return new Params(job.connector(), job.params());
    }

    /** The non-blank string {@code name}. */
    public String string(String name) {
        return optionalString(name).orElseThrow(() -> invalid(name + " is required and must be a non-empty string"));
    }

    /** The string {@code name} when present and not blank. */
    public Optional<String> optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return text.isBlank() ? Optional.empty() : Optional.of(text);
        }
        throw invalid(name + " must be a string");
    }

    /** The string {@code name}, which must be one of {@code allowed} (compared ignoring case); the allowed spelling. */
    public Optional<String> oneOf(String name, List<String> allowed) {
        return optionalString(name)
                .map(value -> allowed.stream()
                        .filter(a -> a.equalsIgnoreCase(value))
                        .findFirst()
                        .orElseThrow(() -> invalid(
                                name + " must be one of " + String.join(", ", allowed) + "; was '" + value + "'")));
    }

    /** The integer {@code name}, or {@code otherwise} when absent. */
    public long integer(String name, long otherwise) {
        Object value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number number && number.doubleValue() == number.longValue()) {
            return number.longValue();
        }
        throw invalid(name + " must be an integer");
    }

    /** The integer {@code name} when present. */
    public Optional<Long> optionalInteger(String name) {
        return values.get(name) == null ? Optional.empty() : Optional.of(integer(name, 0));
    }

    /** The boolean {@code name}, or {@code otherwise} when absent. */
    public boolean bool(String name, boolean otherwise) {
        Object value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw invalid(name + " must be true or false");
    }

    /** The list of strings {@code name}; empty when absent. */
    public List<String> strings(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (@Nullable Object item : list) {
                if (!(item instanceof String text)) {
                    throw invalid(name + " must be a list of strings");
                }
                strings.add(text);
            }
            return List.copyOf(strings);
        }
        throw invalid(name + " must be a list of strings");
    }

    /** The list of integers {@code name}; empty when absent. */
    public List<Long> integers(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(name + " must be a list of integers");
        }
        List<Long> integers = new ArrayList<>();
        for (@Nullable Object item : list) {
            if (!(item instanceof Number number) || number.doubleValue() != number.longValue()) {
                throw invalid(name + " must be a list of integers");
            }
            integers.add(number.longValue());
        }
        return List.copyOf(integers);
    }

    private ConnectorException invalid(String message) {
        return ConnectorErrors.invalidParams(connector, message);
    }
}
