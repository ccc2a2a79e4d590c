package dev.connectorjobs.devstack;

/** Bad command-line arguments; the message says what is wrong and is printed with the usage. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
