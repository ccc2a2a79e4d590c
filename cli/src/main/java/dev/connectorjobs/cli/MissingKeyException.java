package dev.connectorjobs.cli;

/** No API key is configured; exit code 4, as the server would refuse the request. */
final class MissingKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MissingKeyException(String message) {
        super(message);
    }
}
