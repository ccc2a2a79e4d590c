package dev.connectorjobs.client;

/**
 * Every failure the client reports: an error answer of the API ({@link ApiException} and its
 * subtypes), a network failure ({@link ConnectionException}) or a wait that ran out of time ({@link
 * AwaitTimeoutException}). Unchecked, so that the three-line use stays three lines.
 */
public class ConnectorJobsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConnectorJobsException(String message, Throwable cause) {
        super(message, cause);
    }

    ConnectorJobsException(String message) {
        super(message);
    }
}
