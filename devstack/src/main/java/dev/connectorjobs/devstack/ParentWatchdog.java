package dev.connectorjobs.devstack;

/**
 * Ends a child JVM of the devstack when the devstack itself is gone, even when it was killed with
 * SIGKILL and had no chance to stop its children. Exiting runs the child's shutdown hooks, so
 * Kafka and PostgreSQL still shut down cleanly.
 */
final class ParentWatchdog {

    private ParentWatchdog() {}

    static void exitWhenGone(long parentPid) {
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(parent -> parent.onExit().thenRun(() -> exit(parentPid)), () -> exit(parentPid));
    }

    private static void exit(long parentPid) {
        System.err.println("devstack (pid " + parentPid + ") is gone; shutting down");
        System.exit(0);
    }
}
