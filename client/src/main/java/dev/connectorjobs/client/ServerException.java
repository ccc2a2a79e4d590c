package dev.connectorjobs.client;

/** A 5xx answer after the client's retries: the API failed or is unavailable. Retry later; submits may be repeated safely with the same idempotency key. */
public final class ServerException extends ApiException {

    private static final long serialVersionUID = 1L;

    ServerException(Problem problem) {
        super(problem);
    }
}
