package dev.connectorjobs.client;

/**
 * The API could not be reached, or the connection broke before an answer came, after the client's
 * own retries. Check the base URL and that the api-gateway is running; a submit may be repeated
 * safely with the same {@code Idempotency-Key}.
 */
public final class ConnectionException extends ConnectorJobsException {

    private static final long serialVersionUID = 1L;

    ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
