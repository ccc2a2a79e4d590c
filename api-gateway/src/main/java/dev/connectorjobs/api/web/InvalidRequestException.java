package dev.connectorjobs.api.web;

import dev.connectorjobs.model.catalog.FieldError;
import java.util.List;

/** A request that is well-formed JSON but whose content is not acceptable; answered with 422. */
public final class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.size() == 1) {
            FieldError e = errors.getFirst();
            return e.field() + " " + e.message();
        }
        return errors.size() + " fields are invalid; see errors";
    }
}
