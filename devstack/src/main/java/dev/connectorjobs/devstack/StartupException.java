package dev.connectorjobs.devstack;

/**
 * The stack could not be started. The message is meant for the developer at the terminal: it says
 * what failed and where to look next.
 */
final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
