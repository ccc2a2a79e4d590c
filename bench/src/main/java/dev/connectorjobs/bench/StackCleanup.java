package dev.connectorjobs.bench;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops a stack a tool started for itself and deletes its temporary data directory, exactly once:
 * when the run ends, or from a shutdown hook when the JVM is asked to stop (Ctrl-C) before that.
 */
public final class StackCleanup implements AutoCloseable {

    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable stop;
    private final Path dataDir;
    private final boolean temporary;
    private final Thread hook;

    /**
     * Registers the shutdown hook.
     *
     * @param name the hook thread's name
     * @param stop stops the stack (and whatever the tool runs around it)
     * @param dataDir the stack's data directory
     * @param temporary whether to delete {@code dataDir} afterwards
     */
    public StackCleanup(String name, Runnable stop, Path dataDir, boolean temporary) {
        this.stop = stop;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.hook = new Thread(this::cleanUp, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the clean-up has run, e.g. from the hook while the stack was still starting. */
    public boolean done() {
        return done.get();
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    private void cleanUp() {
        if (done.compareAndSet(false, true)) {
            stop.run();
            if (temporary) {
                Bench.deleteRecursively(dataDir);
            }
        }
    }
}
