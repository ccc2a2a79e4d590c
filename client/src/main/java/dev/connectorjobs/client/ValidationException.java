package dev.connectorjobs.client;

import java.util.List;

/**
 * 422 Unprocessable Content: the request was understood but some fields are wrong; {@link
 * #fieldErrors()} names each one (e.g. {@code params.times: must be an integer}). Fix them and send
 * again; a retry of the same request fails the same way.
 */
public final class ValidationException extends ApiException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> fieldErrors;

    ValidationException(Problem problem) {
        super(problem);
        this.fieldErrors = problem.fieldErrors();
    }

    /** The problem's {@code errors}: each wrong field and why. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
