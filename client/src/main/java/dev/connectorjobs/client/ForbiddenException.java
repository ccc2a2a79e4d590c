package dev.connectorjobs.client;

/** 403 Forbidden: the key is valid but its role may not do this (e.g. a USER key sending a breaker command, or revoking another client's task). */
public final class ForbiddenException extends ApiException {

    private static final long serialVersionUID = 1L;

    ForbiddenException(Problem problem) {
        super(problem);
    }
}
