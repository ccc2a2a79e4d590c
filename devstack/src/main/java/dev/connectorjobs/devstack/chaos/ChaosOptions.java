package dev.connectorjobs.devstack.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Options of the {@code chaos} command (see {@link #USAGE}).
 *
 * @param duration how long the load runs, default {@value #DEFAULT_DURATION_SECONDS} s
 * @param faults the fault classes to inject, default {@link #DEFAULT_FAULTS}
 * @param rounds how many times each fault class but worker kills is injected, default 1
 * @param workers worker processes, default {@value #DEFAULT_WORKERS}
 * @param apis api-gateway processes, each on a port of its own, default 1; the load spreads its
 *     submissions over them as a load balancer would
 * @param rate jobs submitted per second, default {@value #DEFAULT_RATE}
 * @param killInterval time between two worker kills, default {@value #DEFAULT_KILL_INTERVAL_SECONDS} s
 * @param outage how long PostgreSQL is unreachable in a cut, default {@value #DEFAULT_OUTAGE_SECONDS}
 *     s (twice the default lease)
 * @param pause how long a paused worker stays stopped, default {@value #DEFAULT_PAUSE_SECONDS} s
 *     (past the default 30 s lease and the reaper's 5 s sweep)
 * @param drainTimeout how long to wait after the load for every job to be terminal, default
 *     {@value #DEFAULT_DRAIN_TIMEOUT_SECONDS} s
 * @param seed seeds the choice of workers to hurt; random by default, printed to repeat a run
 * @param dataDir where the stack keeps data and logs; a temporary directory, deleted afterwards, by
 *     default
 * @param startupTimeout how long the stack, and each part started again, may take, default
 *     {@value #DEFAULT_STARTUP_TIMEOUT_SECONDS} s
 */
public record ChaosOptions(
        Duration duration,
        Set<FaultKind> faults,
        int rounds,
        int workers,
        int apis,
        double rate,
        Duration killInterval,
        Duration outage,
        Duration pause,
        Duration drainTimeout,
        long seed,
        Optional<Path> dataDir,
        Duration startupTimeout) {

    static final int DEFAULT_DURATION_SECONDS = 600;
    /**
     * Every class but {@link FaultKind#ROLLING_UPGRADE}, which restarts every application process
     * and is asked for by name: its window alone would leave a default run no time for worker kills.
     */
    static final Set<FaultKind> DEFAULT_FAULTS =
            Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(FaultKind.ROLLING_UPGRADE)));

    static final int DEFAULT_WORKERS = 3;
    static final int MAX_ROUNDS = 100;
    static final double DEFAULT_RATE = 5;
    static final int DEFAULT_KILL_INTERVAL_SECONDS = 10;
    static final int DEFAULT_OUTAGE_SECONDS = 60;
    static final int DEFAULT_PAUSE_SECONDS = 45;
    static final int DEFAULT_DRAIN_TIMEOUT_SECONDS = 300;
    static final int DEFAULT_STARTUP_TIMEOUT_SECONDS = 300;

    public static final String USAGE = """
            Usage: java -jar devstack.jar chaos --duration S [options]

            Starts a stack of its own (PostgreSQL, Kafka, api-gateways, N workers, each worker
            reaching PostgreSQL through a proxy the runner can cut) and a recording HTTP stub,
            submits a steady mix of diagnostics echo, sleep and fail jobs and external_api writes
            to the stub, round-robin over the api-gateways (a submission refused by one is sent
            again, same Idempotency-Key, to the next), and injects faults on a schedule.
            Afterwards it waits for every accepted
            job to finish and checks, from PostgreSQL and the stub's record, that none was lost or
            left unfinished, that no two attempts of one job overlapped (the zombie of a paused
            worker included), that every SUCCESS has exactly one successful attempt and that every
            keyed write took effect once. The last line is CHAOS {json}: faults per class, recovery
            p50/p99 per class (for rolling-upgrade also submission latency and submit-to-start
            during the roll and outside faults), violations. Exit status 0 when there are none,
            1 otherwise.

            Options:
              --duration S         seconds of load (default 600); faults that do not fit extend it
              --faults LIST        comma-separated, default all but rolling-upgrade:
                                   worker-kill, api-kill, worker-restart, kafka-kill,
                                   postgres-kill, db-cut-one, db-cut-all, worker-pause,
                                   rolling-upgrade
              --rounds N           inject every fault class but worker-kill N times, one
                                   round of all classes after another (default 1)
              --workers N          worker processes (default 3)
              --apis N             api-gateway processes, submissions spread over them
                                   (default 1)
              --rate R             jobs per second (default 5)
              --kill-interval S    seconds between worker kills (default 10)
              --outage S           seconds PostgreSQL stays unreachable in a cut (default 60)
              --pause S            seconds a worker stays SIGSTOPped (default 45)
              --drain-timeout S    seconds to wait for the jobs after the load (default 300)
              --seed N             seed for the choice of workers (default random; printed)
              --data-dir D         data and logs (default a temporary directory, deleted after)
              --startup-timeout S  seconds the stack, or a part started again, may take (default 300)
            """;

    public ChaosOptions {
        faults = faults.isEmpty() ? EnumSet.noneOf(FaultKind.class) : EnumSet.copyOf(faults);
        positive("--duration", duration);
        positive("--kill-interval", killInterval);
        positive("--outage", outage);
        positive("--pause", pause);
        positive("--drain-timeout", drainTimeout);
        positive("--startup-timeout", startupTimeout);
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new ChaosUsageException("--rounds must be from 1 to " + MAX_ROUNDS + ", got " + rounds);
        }
        if (workers < 2) {
            throw new ChaosUsageException("--workers must be at least 2 (a fault hits one worker while another"
                    + " goes on), got " + workers);
        }
        if (apis < 1) {
            throw new ChaosUsageException("--apis must be at least 1, got " + apis);
        }
        if (!(rate > 0)) {
            throw new ChaosUsageException("--rate must be a positive number of jobs per second, got " + rate);
        }
    }

    public static ChaosOptions parse(List<String> args, long randomSeed) {
        Duration duration = Duration.ofSeconds(DEFAULT_DURATION_SECONDS);
        Set<FaultKind> faults = EnumSet.copyOf(DEFAULT_FAULTS);
        int rounds = 1;
        int workers = DEFAULT_WORKERS;
        int apis = 1;
        double rate = DEFAULT_RATE;
        Duration killInterval = Duration.ofSeconds(DEFAULT_KILL_INTERVAL_SECONDS);
        Duration outage = Duration.ofSeconds(DEFAULT_OUTAGE_SECONDS);
        Duration pause = Duration.ofSeconds(DEFAULT_PAUSE_SECONDS);
        Duration drainTimeout = Duration.ofSeconds(DEFAULT_DRAIN_TIMEOUT_SECONDS);
        long seed = randomSeed;
        Optional<Path> dataDir = Optional.empty();
        Duration startupTimeout = Duration.ofSeconds(DEFAULT_STARTUP_TIMEOUT_SECONDS);
        List<String> remaining = new ArrayList<>(args);
        while (!remaining.isEmpty()) {
            String arg = remaining.removeFirst();
            String name = arg;
            String inline = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inline = arg.substring(equals + 1);
            }
            switch (name) {
                case "--duration" -> duration = seconds(name, value(name, inline, remaining));
                case "--faults" -> faults = faults(value(name, inline, remaining));
                case "--rounds" -> rounds = count(name, value(name, inline, remaining));
                case "--workers" -> workers = count(name, value(name, inline, remaining));
                case "--apis" -> apis = count(name, value(name, inline, remaining));
                case "--rate" -> rate = decimal(name, value(name, inline, remaining));
                case "--kill-interval" -> killInterval = seconds(name, value(name, inline, remaining));
                case "--outage" -> outage = seconds(name, value(name, inline, remaining));
                case "--pause" -> pause = seconds(name, value(name, inline, remaining));
                case "--drain-timeout" -> drainTimeout = seconds(name, value(name, inline, remaining));
                case "--seed" -> seed = number(name, value(name, inline, remaining));
                case "--data-dir" -> dataDir = Optional.of(Path.of(value(name, inline, remaining)));
                case "--startup-timeout" -> startupTimeout = seconds(name, value(name, inline, remaining));
                default -> throw new ChaosUsageException("Unknown argument: " + arg);
            }
        }
        return new ChaosOptions(
                duration,
                faults,
                rounds,
                workers,
                apis,
                rate,
                killInterval,
                outage,
                pause,
                drainTimeout,
                seed,
                dataDir,
                startupTimeout);
    }

    /** The schedule's timing from these options. */
    FaultSchedule.Timing timing() {
        return new FaultSchedule.Timing(duration, killInterval, outage, pause, workers, apis);
    }

    private static Set<FaultKind> faults(String list) {
        Set<FaultKind> faults = EnumSet.noneOf(FaultKind.class);
        for (String name : list.split(",")) {
            String trimmed = name.trim();
            faults.add(FaultKind.byName(trimmed)
                    .orElseThrow(() -> new ChaosUsageException("Unknown fault '" + trimmed + "' in --faults; known: "
                            + String.join(", ", FaultKind.names()))));
        }
        return faults;
    }

    private static String value(String name, @Nullable String inline, List<String> remaining) {
        if (inline != null) {
            return inline;
        }
        if (remaining.isEmpty() || remaining.getFirst().startsWith("--")) {
            throw new ChaosUsageException(name + " needs a value");
        }
        return remaining.removeFirst();
    }

    private static Duration seconds(String name, String value) {
        return Duration.ofSeconds(number(name, value));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ChaosUsageException(name + " needs a whole number, got '" + value + "'");
        }
    }

    /** A whole number that fits an int; a larger one is a usage error, not a silent wrap. */
    private static int count(String name, String value) {
        long number = number(name, value);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new ChaosUsageException(name + " is out of range, got " + value);
        }
        return (int) number;
    }

    private static double decimal(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ChaosUsageException(name + " needs a number, got '" + value + "'");
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ChaosUsageException(name + " must be a positive number of seconds, got " + value.toSeconds());
        }
    }
}
