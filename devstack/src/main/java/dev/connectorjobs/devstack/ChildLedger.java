package dev.connectorjobs.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A file listing the children of the running devstack. A devstack killed with SIGKILL cannot stop
 * its children; the next devstack on the same data directory reads this file and stops whatever is
 * left, so that ports and the data directory are free again.
 *
 * <p>A line is {@code <name> <pid> <start instant in epoch milliseconds>}; the start instant guards
 * against stopping an unrelated process that reuses the pid.
 */
final class ChildLedger {

    private static final Duration LEFTOVER_STOP_GRACE = Duration.ofSeconds(20);

    private final Path file;

    ChildLedger(Path file) {
        this.file = file;
    }

    synchronized void record(ChildProcess child) throws IOException {
        String started =
                child.startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        String line = child.name() + " " + child.pid() + " " + started + System.lineSeparator();
        Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Stops the children a previous devstack left running, then forgets them. */
    synchronized void stopLeftovers() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<Leftover> leftovers = Files.readAllLines(file).stream()
                .map(ChildLedger::stillRunning)
                .flatMap(Optional::stream)
                .toList();
        for (Leftover leftover : leftovers) {
            Console.progress("stopping " + leftover.name() + " (pid "
                    + leftover.process().pid() + ") left over from a previous devstack");
            leftover.process().destroy();
        }
        for (Leftover leftover : leftovers) {
            awaitExit(leftover.process());
        }
        forget();
    }

    synchronized void forget() throws IOException {
        Files.deleteIfExists(file);
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(LEFTOVER_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Optional<Leftover> stillRunning(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length != 3) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(fields[1]);
            Optional<Instant> recordedStart = fields[2].equals("-")
                    ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(Long.parseLong(fields[2])));
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> recordedStart.isPresent()
                            ? handle.info().startInstant().equals(recordedStart)
                            : handle.info()
                                    .command()
                                    .filter(c -> c.endsWith("java"))
                                    .isPresent())
                    .map(handle -> new Leftover(fields[0], handle));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private record Leftover(String name, ProcessHandle process) {}
}
