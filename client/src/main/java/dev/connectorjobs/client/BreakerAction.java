package dev.connectorjobs.client;

import java.util.Arrays;
import java.util.Optional;

/** An operator's command to a breaker on every worker (ADMIN keys only). */
public enum BreakerAction {
    /** Close it and forget its failures. */
    RESET("reset"),
    /** Hold it open: calls fail fast until {@link #RESTORE}. */
    FORCE_OPEN("force-open"),
    /** Switch protection off: calls always go through until {@link #RESTORE}. */
    DISABLE("disable"),
    /** Back to normal operation after {@link #FORCE_OPEN} or {@link #DISABLE}. */
    RESTORE("restore");

    private final String path;

    BreakerAction(String path) {
        this.path = path;
    }

    /** The last path segment of the command: {@code reset}, {@code force-open}, ... */
    public String path() {
        return path;
    }

    /** The action named by its path segment. */
    public static Optional<BreakerAction> ofPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
    }
}
