package dev.connectorjobs.api.limits;

import dev.connectorjobs.model.catalog.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What makes a limit valid, for the API's request bodies and for configuration alike. */
final class LimitRules {

    private LimitRules() {}

    /**
     * The problems of a limit, with field names in {@code naming}'s style (request fields or property
     * names); empty when it is valid.
     */
    static List<FieldError> problems(LimitSpec spec, Naming naming) {
        List<FieldError> errors = new ArrayList<>();
        range(errors, naming.maxConcurrent(), spec.maxConcurrent(), LimitSpec.MAX_CONCURRENT);
        range(errors, naming.maxStarts(), spec.maxStarts(), LimitSpec.MAX_STARTS);
        range(errors, naming.perSeconds(), spec.perSeconds(), LimitSpec.MAX_PER_SECONDS);
        if ((spec.maxStarts() == null) != (spec.perSeconds() == null)) {
            errors.add(new FieldError(
                    spec.maxStarts() == null ? naming.maxStarts() : naming.perSeconds(),
                    "is required with " + (spec.maxStarts() == null ? naming.perSeconds() : naming.maxStarts())
                            + ": a start limit is a number of starts per a number of seconds"));
        }
        if (spec.maxConcurrent() == null && spec.maxStarts() == null && spec.perSeconds() == null) {
            errors.add(new FieldError(
                    "",
                    "a limit needs " + naming.maxConcurrent() + ", or " + naming.maxStarts() + " with "
                            + naming.perSeconds() + ", or both; to remove a limit, DELETE it"));
        }
        return errors;
    }

    private static void range(List<FieldError> errors, String field, @Nullable Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            errors.add(new FieldError(field, "must be between 1 and " + max + ", was " + value));
        }
    }

    /** The names of a limit's three fields where it is written. */
    record Naming(String maxConcurrent, String maxStarts, String perSeconds) {

        static final Naming REQUEST = new Naming("max_concurrent", "max_starts", "per_seconds");

        static Naming properties(String prefix) {
            return new Naming(prefix + ".max-concurrent", prefix + ".max-starts", prefix + ".per-seconds");
        }
    }
}
