package dev.connectorjobs.client;

/** 404 Not Found: no such task, breaker or route. */
public final class NotFoundException extends ApiException {

    private static final long serialVersionUID = 1L;

    NotFoundException(Problem problem) {
        super(problem);
    }
}
