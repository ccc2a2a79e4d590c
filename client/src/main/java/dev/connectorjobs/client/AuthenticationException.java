package dev.connectorjobs.client;

/** 401 Unauthorized: the API key is missing, unknown, revoked or malformed. Check the key the client was built with. */
public final class AuthenticationException extends ApiException {

    private static final long serialVersionUID = 1L;

    AuthenticationException(Problem problem) {
        super(problem);
    }
}
