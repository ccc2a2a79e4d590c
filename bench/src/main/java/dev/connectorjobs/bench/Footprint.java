package dev.connectorjobs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The stack's footprint over a long run ({@code --footprint-every}), for a soak: at a fixed
 * interval, for every process of the stack the bench started, the heap in use after a full
 * collection (each JVM is asked to collect with {@code jcmd GC.run}, then for {@code GC.heap_info}),
 * resident memory, threads, open file descriptors and sockets; for PostgreSQL, the server and its
 * backends together (proportional set size, so shared buffers count once) and the connections
 * {@code pg_stat_activity} lists. A leak shows as a column that grows from mark to mark. Linux only
 * ({@code /proc}); elsewhere the marks are empty.
 */
final class Footprint implements AutoCloseable {

    static final String POSTGRES = "postgresql";

    private static final Path PROC = Path.of("/proc");
    private static final Pattern HEAP_USED = Pattern.compile("^\\S.*\\btotal\\b.*\\bused (\\d+)K");
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One part of the stack at one mark.
     *
     * @param part {@code api-gateway}, {@code worker-1} …, {@code kafka}, {@code stub} (the {@code http}
     *     operation's vendor) or {@link #POSTGRES}
     * @param processes how many processes it is (PostgreSQL: the server and its backends)
     * @param memoryBytes resident set size; for PostgreSQL the sum of proportional set sizes
     * @param heapAfterGcBytes a JVM's heap in use right after a full collection; empty for
     *     PostgreSQL, or when {@code jcmd} did not answer
     * @param threads threads of all its processes
     * @param fds open file descriptors of all its processes
     * @param sockets those descriptors that are sockets (connections and listeners)
     */
    record Reading(
            String part,
            int processes,
            long memoryBytes,
            OptionalLong heapAfterGcBytes,
            int threads,
            int fds,
            int sockets) {}

    /**
     * The stack at one moment.
     *
     * @param seconds since the footprint started
     * @param readings one per part
     * @param connections connections PostgreSQL holds, from {@code pg_stat_activity}; -1 when unread
     */
    record Mark(double seconds, List<Reading> readings, int connections) {}

    private final Path postgresData;
    private final Connection connection;
    private final Duration every;
    private final long startNanos = System.nanoTime();
    private final List<Mark> marks = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private Footprint(Path postgresData, Connection connection, Duration every) {
        this.postgresData = postgresData;
        this.connection = connection;
        this.every = every;
        this.thread = Thread.ofPlatform().name("bench-footprint").daemon().unstarted(this::run);
    }

    /**
     * Takes a mark now and then every {@code every} until closed, printing each as it is taken.
     *
     * @param dataDir the data directory of the bench's own stack (its PostgreSQL data is in {@code
     *     postgres/} there)
     */
    static Footprint start(Path dataDir, Database database, Duration every) throws SQLException {
        Footprint footprint = new Footprint(dataDir.resolve("postgres"), database.connect(), every);
        footprint.thread.start();
        return footprint;
    }

    List<Mark> marks() {
        return List.copyOf(marks);
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Mark mark = take();
                marks.add(mark);
                Bench.progress(describe(mark));
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Mark take() {
        return read(postgresData, connection, (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * The stack now; a part that cannot be read is left out.
     *
     * @param postgresData PostgreSQL's data directory, whose {@code postmaster.pid} names the server
     * @param connection to count PostgreSQL's connections on; null to skip them
     */
    static Mark read(Path postgresData, @Nullable Connection connection, double seconds) {
        List<Reading> readings = new ArrayList<>();
        if (Files.isDirectory(PROC)) {
            readings.addAll(javaParts());
            postgres(postgresData).ifPresent(readings::add);
        }
        return new Mark(seconds, readings, connection == null ? -1 : connections(connection));
    }

    /** The stack's JVMs: the bench's descendants that run the api-gateway, a worker or Kafka. */
    private static List<Reading> javaParts() {
        List<Reading> readings = new ArrayList<>();
        int worker = 0;
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> children = ProcessHandle.current()
                .descendants()
                .sorted(Comparator.comparing(h -> h.info().startInstant().orElse(java.time.Instant.MAX)))
                .toList();
        for (ProcessHandle child : children) {
            String group = ProcessCpu.group(child.pid(), self, "", ProcessCpu.commandLine(child.pid()));
            String part;
            switch (group) {
                case ProcessCpu.API, ProcessCpu.KAFKA, ProcessCpu.STUB -> part = group;
                case ProcessCpu.WORKERS -> part = "worker-" + ++worker;
                default -> {
                    continue; // the PostgreSQL launcher JVM and anything short-lived
                }
            }
            long pid = child.pid();
            Optional<Counts> counts = counts(pid);
            if (counts.isEmpty()) {
                continue;
            }
            Counts c = counts.get();
            readings.add(new Reading(part, 1, c.rssBytes(), heapAfterGc(pid), c.threads(), c.fds(), c.sockets()));
        }
        return readings;
    }

    /** The PostgreSQL server its {@code postmaster.pid} names and its children, the backends. */
    private static Optional<Reading> postgres(Path postgresData) {
        Optional<ProcessHandle> server;
        try {
            server = Files.readAllLines(postgresData.resolve("postmaster.pid")).stream()
                    .findFirst()
                    .map(String::trim)
                    .filter(pid -> pid.matches("\\d+"))
                    .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (server.isEmpty()) {
            return Optional.empty();
        }
        List<Long> pids = Stream.concat(Stream.of(server.get()), server.get().children())
                .map(ProcessHandle::pid)
                .toList();
        int processes = 0;
        long memory = 0;
        int threads = 0;
        int fds = 0;
        int sockets = 0;
        for (long pid : pids) {
            Optional<Counts> counts = counts(pid);
            if (counts.isEmpty()) {
                continue;
            }
            processes++;
            memory += counts.get().pssBytes();
            threads += counts.get().threads();
            fds += counts.get().fds();
            sockets += counts.get().sockets();
        }
        return Optional.of(new Reading(POSTGRES, processes, memory, OptionalLong.empty(), threads, fds, sockets));
    }

    private static int connections(Connection connection) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** What {@code /proc} says of one process. */
    record Counts(long rssBytes, long pssBytes, int threads, int fds, int sockets) {}

    private static Optional<Counts> counts(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            String status = Files.readString(dir.resolve("status"), StandardCharsets.UTF_8);
            long rss = kilobytes(status, "VmRSS") * 1024;
            int threads = (int) kilobytes(status, "Threads");
            long pss = rss;
            Path rollup = dir.resolve("smaps_rollup");
            if (Files.isReadable(rollup)) {
                pss = kilobytes(Files.readString(rollup, StandardCharsets.UTF_8), "Pss") * 1024;
            }
            int fds = 0;
            int sockets = 0;
            try (Stream<Path> entries = Files.list(dir.resolve("fd"))) {
                for (Path fd : (Iterable<Path>) entries::iterator) {
                    fds++;
                    try {
                        if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                            sockets++;
                        }
                    } catch (IOException e) {
                        // closed while we looked
                    }
                }
            }
            return Optional.of(new Counts(rss, pss, threads, fds, sockets));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // it ended while we looked
        }
    }

    /** The number after {@code name:} in a {@code /proc} status-like text (its unit dropped); 0 if absent. */
    static long kilobytes(String text, String name) {
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(name) + ":\\s+(\\d+)").matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /**
     * The heap in use in a {@code GC.heap_info} answer: the sum of the {@code used} figures of its
     * top-level lines (one for G1's heap, one per generation for the serial and parallel collectors).
     */
    static OptionalLong heapUsed(String heapInfo) {
        long used = 0;
        boolean any = false;
        for (String line : heapInfo.lines().toList()) {
            Matcher matcher = HEAP_USED.matcher(line);
            if (matcher.find()) {
                used += Long.parseLong(matcher.group(1)) * 1024;
                any = true;
            }
        }
        return any ? OptionalLong.of(used) : OptionalLong.empty();
    }

    private static OptionalLong heapAfterGc(long pid) {
        if (jcmd(pid, "GC.run").isEmpty()) {
            return OptionalLong.empty();
        }
        return jcmd(pid, "GC.heap_info").map(Footprint::heapUsed).orElse(OptionalLong.empty());
    }

    /** Runs the JDK's {@code jcmd} against {@code pid}; empty when it is missing, fails or hangs. */
    private static Optional<String> jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0
                    ? Optional.of(new String(output, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One mark as a progress line. */
    static String describe(Mark mark) {
        StringBuilder line = new StringBuilder("footprint at %.0f s:".formatted(mark.seconds()));
        for (Reading r : mark.readings()) {
            line.append(" %s %s%s, %d threads, %d fds (%d sockets);"
                    .formatted(
                            r.part(),
                            r.heapAfterGcBytes().isPresent()
                                    ? "heap after GC "
                                            + megabytes(r.heapAfterGcBytes().getAsLong()) + " MB, "
                                    : "",
                            (r.part().equals(POSTGRES) ? r.processes() + " processes, PSS " : "RSS ")
                                    + megabytes(r.memoryBytes()) + " MB",
                            r.threads(),
                            r.fds(),
                            r.sockets()));
        }
        if (mark.connections() >= 0) {
            line.append(" PostgreSQL connections ").append(mark.connections());
        }
        return line.toString();
    }

    /** The marks as JSON, for the {@code FOOTPRINT} line. */
    static Map<String, Object> json(List<Mark> marks) {
        List<Object> list = new ArrayList<>();
        for (Mark mark : marks) {
            Map<String, Object> parts = new LinkedHashMap<>();
            for (Reading r : mark.readings()) {
                Map<String, Object> part = new LinkedHashMap<>();
                part.put("processes", r.processes());
                part.put(r.part().equals(POSTGRES) ? "pss_bytes" : "rss_bytes", r.memoryBytes());
                r.heapAfterGcBytes().ifPresent(heap -> part.put("heap_after_gc_bytes", heap));
                part.put("threads", r.threads());
                part.put("fds", r.fds());
                part.put("sockets", r.sockets());
                parts.put(r.part(), part);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("seconds", Math.round(mark.seconds()));
            json.put("parts", parts);
            json.put("postgres_connections", mark.connections());
            list.add(json);
        }
        return Map.of("marks", list);
    }

    private static long megabytes(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }

    /** Takes a last mark and stops. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(JCMD_TIMEOUT.multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Mark last = take();
        marks.add(last);
        Bench.progress(describe(last));
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing more to read from it
        }
    }
}
