package dev.connectorjobs.client;

/** 400 Bad Request: a malformed body, query parameter or header (e.g. a task id that is not a UUID). The detail says which. */
public final class BadRequestException extends ApiException {

    private static final long serialVersionUID = 1L;

    BadRequestException(Problem problem) {
        super(problem);
    }
}
