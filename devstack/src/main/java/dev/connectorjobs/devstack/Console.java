package dev.connectorjobs.devstack;

import org.jspecify.annotations.Nullable;

/**
 * The devstack's own terminal output. Progress lines carry a {@code devstack:} prefix so they can
 * never be mistaken for the {@code READY} line that scripts wait for.
 */
final class Console {

    private Console() {}

    static void progress(String message) {
        System.out.println("devstack: " + message);
        System.out.flush();
    }

    static void ready(String line) {
        System.out.println("READY " + line);
        System.out.flush();
    }

    static void error(@Nullable String message) {
        System.err.println("devstack: " + (message == null ? "failed without a message; see the logs" : message));
        System.err.flush();
    }
}
