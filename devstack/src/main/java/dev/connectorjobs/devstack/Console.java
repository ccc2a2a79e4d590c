package dev.connectorjobs.devstack;

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

    static void error(String message) {
        System.err.println("devstack: " + message);
        System.err.flush();
    }
}
