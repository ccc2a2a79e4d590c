package dev.connectorjobs.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Options of the {@code start} command (the default command).
 *
 * @param workers number of worker JVMs, default {@value #DEFAULT_WORKERS}
 * @param apiPort HTTP port of the api-gateway, default {@value #DEFAULT_API_PORT}
 * @param dataDir where PostgreSQL, Kafka, logs and chosen ports live; default {@code .devstack}
 *     relative to the working directory
 * @param apiJar the api-gateway executable jar; empty means "look next to the devstack jar, then
 *     in the working directory"
 * @param workerJar the worker executable jar; same lookup as {@code apiJar}
 * @param infraOnly start only PostgreSQL and Kafka
 * @param startupTimeout how long the whole stack may take to become ready, default {@value
 *     #DEFAULT_STARTUP_TIMEOUT_SECONDS} s
 */
record DevStackOptions(
        int workers,
        int apiPort,
        Path dataDir,
        Optional<Path> apiJar,
        Optional<Path> workerJar,
        boolean infraOnly,
        Duration startupTimeout) {

    static final int DEFAULT_WORKERS = 2;
    static final int DEFAULT_API_PORT = 8080;
    static final String DEFAULT_DATA_DIR = ".devstack";
    static final int DEFAULT_STARTUP_TIMEOUT_SECONDS = 180;

    static final String USAGE = """
            Usage: java -jar devstack.jar [start] [options]
                   java -jar devstack.jar bench [options]   (load generator; bench --help)
                   java -jar devstack.jar bench-rows [options]   (PostgreSQL alone; bench-rows --help)
                   java -jar devstack.jar long-poll --api URL   (waiting status reads; long-poll --help)
                   java -jar devstack.jar chaos --duration S   (fault runner on a stack of its own; chaos --help)
                   java -jar devstack.jar help

            Starts PostgreSQL 17, a Kafka broker, the api-gateway and N workers, prints
            "READY api=http://127.0.0.1:<port>" when every worker has registered, and runs
            until Ctrl-C or SIGTERM. Data survives restarts in the data directory.

            Options:
              --workers N            worker JVMs to start (default 2, 0 allowed)
              --api-port P           api-gateway HTTP port (default 8080)
              --data-dir D           data, logs and ports (default .devstack)
              --api-jar PATH         api-gateway executable jar (default: found next to devstack)
              --worker-jar PATH      worker executable jar (default: found next to devstack)
              --infra-only           start only PostgreSQL and Kafka and print
                                     "READY db=<jdbc url> kafka=<bootstrap servers>"
              --startup-timeout S    seconds until startup is given up (default 180)

            Admin key: the api-gateway accepts JOBS_BOOTSTRAP_ADMIN_KEY as an admin API key. If
            it is not set, a random one is generated at the first start, stored owner-only in
            <data-dir>/admin-key, printed once before the READY line, and reused on restarts.

            Environment:
              JOBS_BOOTSTRAP_ADMIN_KEY  the api-gateway's bootstrap admin key (at least 20 chars)
              JOBS_DB_URL            use this database instead of the embedded PostgreSQL
                                     (with JOBS_DB_USER and JOBS_DB_PASSWORD)
              JOBS_KAFKA_BOOTSTRAP   use this Kafka cluster instead of the embedded broker
              Every other variable (e.g. connector settings, SPRING_APPLICATION_JSON) is passed
              on to the api-gateway and the workers.
            """;

    /**
     * The options of a stack a tool starts for itself (the bench, the fault runner): the jars found
     * as {@code start} finds them, the applications included.
     */
    static DevStackOptions ownStack(int workers, int apiPort, Path dataDir, Duration startupTimeout) {
        return new DevStackOptions(
                workers, apiPort, dataDir, Optional.empty(), Optional.empty(), false, startupTimeout);
    }

    DevStackOptions {
        if (workers < 0) {
            throw new UsageException("--workers must be 0 or more, got " + workers);
        }
        if (apiPort < 1 || apiPort > 65535) {
            throw new UsageException("--api-port must be between 1 and 65535, got " + apiPort);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new UsageException("--startup-timeout must be positive, got " + startupTimeout.toSeconds());
        }
    }

    /**
     * Parses {@code --name value} and {@code --name=value} arguments.
     *
     * @throws UsageException when an argument is unknown, lacks its value or has a bad value
     */
    static DevStackOptions parse(List<String> args) {
        int workers = DEFAULT_WORKERS;
        int apiPort = DEFAULT_API_PORT;
        Path dataDir = Path.of(DEFAULT_DATA_DIR);
        Optional<Path> apiJar = Optional.empty();
        Optional<Path> workerJar = Optional.empty();
        boolean infraOnly = false;
        Duration startupTimeout = Duration.ofSeconds(DEFAULT_STARTUP_TIMEOUT_SECONDS);

        List<String> remaining = new ArrayList<>(args);
        while (!remaining.isEmpty()) {
            String arg = remaining.removeFirst();
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            switch (name) {
                case "--workers" -> workers = intValue(name, value(name, inlineValue, remaining));
                case "--api-port" -> apiPort = intValue(name, value(name, inlineValue, remaining));
                case "--data-dir" -> dataDir = Path.of(value(name, inlineValue, remaining));
                case "--api-jar" -> apiJar = Optional.of(Path.of(value(name, inlineValue, remaining)));
                case "--worker-jar" -> workerJar = Optional.of(Path.of(value(name, inlineValue, remaining)));
                case "--startup-timeout" ->
                    startupTimeout = Duration.ofSeconds(intValue(name, value(name, inlineValue, remaining)));
                case "--infra-only" -> {
                    if (inlineValue != null) {
                        throw new UsageException("--infra-only takes no value");
                    }
                    infraOnly = true;
                }
                default -> throw new UsageException("Unknown argument: " + arg);
            }
        }
        return new DevStackOptions(workers, apiPort, dataDir, apiJar, workerJar, infraOnly, startupTimeout);
    }

    private static String value(String name, @Nullable String inlineValue, List<String> remaining) {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (remaining.isEmpty() || remaining.getFirst().startsWith("--")) {
            throw new UsageException(name + " needs a value");
        }
        return remaining.removeFirst();
    }

    private static int intValue(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + value + "'");
        }
    }
}
