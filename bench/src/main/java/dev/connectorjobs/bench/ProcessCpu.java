package dev.connectorjobs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a run, per part of the stack, from Linux's {@code /proc}: the
 * CPU time of every process at the start and at the end, grouped into the api-gateway, the
 * workers, Kafka, PostgreSQL (server and backends), the {@code http} operation's stub vendor, the
 * bench itself and anything else on the machine. On a 2-core machine the parts compete for the same cores, so this says which part
 * bounds the run. Elsewhere (no {@code /proc}) the snapshots are empty and nothing is reported.
 */
final class ProcessCpu {

    static final String API = "api-gateway";
    static final String WORKERS = "workers";
    static final String KAFKA = "kafka";
    static final String POSTGRES = "postgres";
    static final String BENCH = "bench";
    /** The {@code http} operation's stub vendor ({@code devstack latency-stub}). */
    static final String STUB = "stub";

    static final String OTHER = "other";

    /** Linux's USER_HZ, the unit of {@code /proc} CPU times; 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100;

    private static final Path PROC = Path.of("/proc");

    /**
     * CPU times at one moment.
     *
     * @param nanos {@link System#nanoTime()} when taken
     * @param busyTicks the machine's non-idle CPU time, in ticks
     * @param totalTicks the machine's CPU time, idle included, in ticks
     * @param processes per process id: its group and CPU time (user + system) in ticks
     */
    record Snapshot(long nanos, long busyTicks, long totalTicks, Map<Long, Sample> processes) {

        Snapshot {
            processes = Map.copyOf(processes);
        }

        boolean isEmpty() {
            return totalTicks == 0;
        }
    }

    /** One process's group and CPU time. */
    record Sample(String group, long ticks) {}

    /**
     * CPU used between two snapshots.
     *
     * @param seconds wall-clock time between them
     * @param busyPercent the machine's CPU use, in percent of all cores
     * @param cpuSecondsByGroup CPU seconds per group, largest first
     */
    record Usage(double seconds, double busyPercent, Map<String, Double> cpuSecondsByGroup) {

        static final Usage NONE = new Usage(0, 0, Map.of());
    }

    private ProcessCpu() {}

    static Snapshot take() {
        long now = System.nanoTime();
        Optional<long[]> machine = machineTicks();
        if (machine.isEmpty()) {
            return new Snapshot(now, 0, 0, Map.of());
        }
        long self = ProcessHandle.current().pid();
        Map<Long, Sample> processes = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name ->
                            sample(Long.parseLong(name), self).ifPresent(s -> processes.put(Long.parseLong(name), s)));
        } catch (IOException e) {
            return new Snapshot(now, 0, 0, Map.of());
        }
        return new Snapshot(now, machine.get()[0], machine.get()[1], processes);
    }

    /** What was used between {@code before} and {@code after}; processes gone by then are not counted. */
    static Usage between(Snapshot before, Snapshot after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Usage.NONE;
        }
        Map<String, Long> ticks = new TreeMap<>();
        after.processes().forEach((pid, sample) -> {
            Sample earlier = before.processes().get(pid);
            long used = earlier == null ? sample.ticks() : sample.ticks() - earlier.ticks();
            ticks.merge(sample.group(), Math.max(used, 0), Long::sum);
        });
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticks.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> seconds.put(e.getKey(), e.getValue() / TICKS_PER_SECOND));
        long total = after.totalTicks() - before.totalTicks();
        double busy = total <= 0 ? 0 : 100.0 * (after.busyTicks() - before.busyTicks()) / total;
        return new Usage((after.nanos() - before.nanos()) / 1e9, busy, seconds);
    }

    /** The part of the stack a process belongs to, from its command name and command line. */
    static String group(long pid, long self, String command, String commandLine) {
        if (pid == self) {
            return BENCH;
        }
        if (commandLine.contains("-exec.jar")) {
            if (commandLine.contains(API)) {
                return API;
            }
            if (commandLine.contains("worker")) {
                return WORKERS;
            }
        }
        if (commandLine.contains("kafka-server")) {
            return KAFKA;
        }
        if (commandLine.contains("latency-stub")) {
            return STUB;
        }
        if (command.equals(POSTGRES) || commandLine.contains("postgres-server")) {
            return POSTGRES;
        }
        return OTHER;
    }

    /**
     * User and system time from the text of {@code /proc/<pid>/stat}: fields 14 and 15, counted
     * after the command name, which is in parentheses and may itself contain spaces and
     * parentheses.
     */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The command name of {@code /proc/<pid>/stat}. */
    static String command(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** The command line of process {@code pid}, its arguments separated by spaces; empty if it cannot be read. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return ""; // It ended while we looked, or is not ours to read.
        }
    }

    private static Optional<Sample> sample(long pid, long self) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            return Optional.of(new Sample(group(pid, self, command(stat), commandLine(pid)), cpuTicks(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // It ended while we looked, or is not ours to read.
        }
    }

    /** Busy and total ticks of all cores from the first line of {@code /proc/stat}. */
    private static Optional<long[]> machineTicks() {
        try {
            List<String> lines = Files.readAllLines(PROC.resolve("stat"));
            String[] fields = lines.getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return Optional.of(new long[] {total - idle, total});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
