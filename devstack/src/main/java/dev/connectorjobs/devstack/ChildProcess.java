package dev.connectorjobs.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One process of the stack, with its output appended to its own log file.
 *
 * <p>Children run in a session of their own (through {@code setsid} where it exists) so that Ctrl-C
 * in the terminal reaches only the devstack, which then stops them in dependency order. Without
 * that, the terminal would signal every process at once and PostgreSQL could stop before the
 * workers have written their last state.
 */
final class ChildProcess {

    private static final int TAIL_BYTES = 256 * 1024;
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(at |\\.\\.\\. \\d+ (common frames|more))");
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();

    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart;

    private ChildProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts {@code command} with this JVM's environment plus {@code environment}, appending its
     * output to {@code log}.
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        String banner = "=== %s devstack starts %s: %s%n".formatted(Instant.now(), name, String.join(" ", command));
        Files.writeString(log, banner, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        ProcessBuilder builder = new ProcessBuilder(inOwnSession(command));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        process.getOutputStream().close();
        return new ChildProcess(name, process, log, logStart);
    }

    private static List<String> inOwnSession(List<String> command) {
        if (SETSID.isEmpty()) {
            return command;
        }
        // setsid execs the command in place (a spawned child never leads a process group), so the
        // pid stays the one of the JVM we start.
        List<String> wrapped = new ArrayList<>();
        wrapped.add(SETSID.get().toString());
        wrapped.addAll(command);
        return wrapped;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Optional<Instant> startInstant() {
        return process.info().startInstant();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process (SIGKILL) and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) with the system's {@code kill}: Java
     * itself sends only SIGTERM and SIGKILL.
     */
    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run kill -" + signal + " " + pid() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + this, e);
        }
    }

    /** Asks the process to stop (SIGTERM), so that its shutdown hooks run. */
    void requestStop() {
        process.destroy();
    }

    /**
     * Waits until the process has exited, killing it (SIGKILL) when it takes longer than {@code
     * grace}.
     *
     * @return whether it stopped on its own
     */
    boolean awaitStop(Duration grace) {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** How the process ended, for messages; only meaningful once it is no longer alive. */
    String exitDescription() {
        int code = process.exitValue();
        return code > 128 ? "exited with code %d (signal %d)".formatted(code, code - 128) : "exited with code " + code;
    }

    /**
     * The last {@code lines} lines this process wrote since it was started, without stack frames:
     * what is left of a stack trace is its chain of exception messages, which says what went wrong.
     */
    List<String> tail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(logStart, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> all = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\\R"))
                    .filter(line -> !STACK_FRAME.matcher(line).find())
                    .toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(could not read " + log + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
