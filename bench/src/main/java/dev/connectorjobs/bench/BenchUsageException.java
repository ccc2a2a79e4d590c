package dev.connectorjobs.bench;

/** Bad {@code bench} arguments; the message says what is wrong and is printed with the usage. */
public final class BenchUsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    BenchUsageException(String message) {
        super(message);
    }
}
