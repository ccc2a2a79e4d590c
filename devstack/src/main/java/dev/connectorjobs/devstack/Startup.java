package dev.connectorjobs.devstack;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The startup deadline, shared by every wait of one start. Each wait also watches the children
 * started so far: a child that dies ends the start at once with its last log lines, instead of a
 * timeout minutes later.
 */
final class Startup {

    /** A readiness check; an exception counts as "not ready yet" and is kept for the timeout message. */
    @FunctionalInterface
    interface Probe {
        boolean isReady() throws Exception;
    }

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int TAIL_LINES = 40;

    private final long startNanos = System.nanoTime();
    private final Duration timeout;
    private final Supplier<List<ChildProcess>> children;
    private final BooleanSupplier stopping;

    Startup(Duration timeout, Supplier<List<ChildProcess>> children, BooleanSupplier stopping) {
        this.timeout = timeout;
        this.children = children;
        this.stopping = stopping;
    }

    /**
     * Polls {@code probe} until it answers {@code true}.
     *
     * @param what what is awaited, for messages, e.g. "the api-gateway to report ready"
     * @throws StartupException when a child dies, the stack is being stopped or the deadline passes
     */
    void await(String what, Probe probe) throws StartupException {
        @Nullable Exception lastError = null;
        while (true) {
            checkChildren();
            try {
                if (probe.isReady()) {
                    return;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (elapsed().compareTo(timeout) > 0) {
                throw new StartupException(
                        "Gave up after %d s waiting for %s%s. A slow machine may need a longer --startup-timeout."
                                .formatted(
                                        timeout.toSeconds(),
                                        what,
                                        lastError == null ? "" : " (last error: " + lastError + ")"));
            }
            sleep();
        }
    }

    /** Time since the start began. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The elapsed time for progress lines, e.g. "12.3 s". */
    String elapsedText() {
        return "%.1f s".formatted(elapsed().toMillis() / 1000.0);
    }

    private void checkChildren() throws StartupException {
        if (stopping.getAsBoolean()) {
            throw new StartupException("The devstack was asked to stop during startup.");
        }
        for (ChildProcess child : children.get()) {
            if (!child.isAlive()) {
                throw new StartupException("%s %s before the stack was ready. Last lines of %s:%n%s"
                        .formatted(child.name(), child.exitDescription(), child.log(), indent(child.tail(TAIL_LINES))));
            }
        }
    }

    private static String indent(List<String> lines) {
        return String.join(
                System.lineSeparator(),
                lines.stream().map(line -> "    " + line).toList());
    }

    private static void sleep() throws StartupException {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted during startup.", e);
        }
    }
}
