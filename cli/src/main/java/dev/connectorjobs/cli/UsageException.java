package dev.connectorjobs.cli;

/** The command line or the configuration is wrong; exit code 2. The message says how to fix it. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
