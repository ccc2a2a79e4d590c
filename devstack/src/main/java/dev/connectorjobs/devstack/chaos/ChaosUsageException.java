package dev.connectorjobs.devstack.chaos;

/** Bad {@code chaos} arguments; the message says what is wrong and is printed with the usage. */
public final class ChaosUsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    ChaosUsageException(String message) {
        super(message);
    }
}
