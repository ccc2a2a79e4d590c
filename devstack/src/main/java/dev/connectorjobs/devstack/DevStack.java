package dev.connectorjobs.devstack;

import dev.connectorjobs.bench.Bench;
import dev.connectorjobs.bench.BenchOptions;
import dev.connectorjobs.bench.BenchUsageException;
import dev.connectorjobs.bench.Database;
import dev.connectorjobs.bench.LongPollProbe;
import dev.connectorjobs.bench.RowWork;
import dev.connectorjobs.bench.RowWorkOptions;
import dev.connectorjobs.bench.StackLauncher;
import dev.connectorjobs.devstack.chaos.Chaos;
import dev.connectorjobs.devstack.chaos.ChaosOptions;
import dev.connectorjobs.devstack.chaos.ChaosUsageException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code devstack} command: the whole system on one machine with nothing installed but a JDK.
 *
 * <pre>
 * java -jar devstack/target/devstack.jar [start] [--workers N] [--api-port P] [--data-dir D] ...
 * java -jar devstack/target/devstack.jar bench [--jobs N] [--rate R|max] [--batch B] ...
 * java -jar devstack/target/devstack.jar chaos --duration S [--faults LIST] ...
 * </pre>
 *
 * <p>The first argument may name a subcommand; without one the stack is started (see {@link
 * DevStackOptions#USAGE}). Startup prints progress lines prefixed with {@code devstack:} and then
 * exactly one line {@code READY api=http://127.0.0.1:<port>}, which scripts can wait for. The stack
 * runs until the JVM is asked to stop (Ctrl-C, SIGTERM) and then stops the workers, the api-gateway,
 * Kafka and PostgreSQL, in that order. The exit status is 1 when startup fails and 2 on bad
 * arguments. Before the {@code READY} line it says where the bootstrap admin key is, and prints a
 * newly generated one once.
 *
 * <p>{@code bench} is the load generator (see {@link BenchOptions#USAGE}): it starts a stack of its
 * own exactly like {@code start} (or measures a running one), submits jobs through the HTTP API and
 * reports throughput, latency percentiles and whether every job ran exactly once.
 *
 * <p>{@code chaos} is the fault runner (see {@link ChaosOptions#USAGE}): a stack of its own under
 * steady load while it kills, stops, pauses and cuts off its parts, then a verdict on the jobs.
 *
 * <p>Every part runs in a JVM of its own, so the stack behaves like a deployment: processes can be
 * killed and restarted one by one, and their logs are in {@code <data-dir>/logs}. A devstack killed
 * with SIGKILL cannot stop its children: the database and broker JVMs notice and stop by themselves,
 * and the next devstack on the same data directory stops any api-gateway or worker left behind.
 *
 * <p>The subcommands {@code postgres-server} and {@code kafka-server} are internal: the devstack
 * starts its database and broker JVMs with them.
 */
public final class DevStack {

    private static final String START = "start";
    private static final String HELP = "help";
    private static final String BENCH = "bench";
    private static final String BENCH_ROWS = "bench-rows";
    private static final String LONG_POLL = "long-poll";
    private static final String CHAOS = "chaos";
    /** Where the workers' {@code external_api} connector sends its requests. */
    private static final String EXTERNAL_API_BASE_URL_VARIABLE = "JOBS_CONNECTORS_EXTERNAL_API_BASE_URL";

    private DevStack() {}

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean namesSubcommand = !arguments.isEmpty() && !arguments.getFirst().startsWith("-");
        String subcommand = namesSubcommand ? arguments.getFirst() : START;
        List<String> rest = namesSubcommand ? arguments.subList(1, arguments.size()) : arguments;
        try {
            switch (subcommand) {
                case START -> start(rest);
                case HELP -> System.out.print(DevStackOptions.USAGE);
                case BENCH -> System.exit(bench(rest));
                case BENCH_ROWS -> System.exit(benchRows(rest));
                case LONG_POLL -> System.exit(longPoll(rest));
                case CHAOS -> System.exit(chaos(rest));
                case EmbeddedDatabase.SUBCOMMAND -> EmbeddedDatabase.serve(rest);
                case EmbeddedKafka.SUBCOMMAND -> EmbeddedKafka.serve(rest);
                case LatencyStub.SUBCOMMAND -> LatencyStub.serve(rest);
                default -> throw new UsageException("Unknown command: " + subcommand);
            }
        } catch (UsageException e) {
            Console.error(e.getMessage());
            System.err.print(DevStackOptions.USAGE);
            System.exit(2);
        } catch (ChaosUsageException e) {
            Console.error(e.getMessage());
            System.err.print(ChaosOptions.USAGE);
            System.exit(2);
        } catch (BenchUsageException e) {
            Console.error(e.getMessage());
            System.err.print(
                    switch (subcommand) {
                        case BENCH_ROWS -> RowWorkOptions.USAGE;
                        case LONG_POLL -> LongPollProbe.USAGE;
                        default -> BenchOptions.USAGE;
                    });
            System.exit(2);
        }
    }

    /** {@code chaos}: the fault runner, on a stack of its own. */
    private static int chaos(List<String> args) throws InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(ChaosOptions.USAGE);
            return 0;
        }
        ChaosOptions options = ChaosOptions.parse(args, Chaos.randomSeed());
        quietenClientLogging();
        return Chaos.run(options, LocalChaosStack::new);
    }

    /** {@code long-poll}: how soon waiting status reads are answered, against a running stack. */
    private static int longPoll(List<String> args) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(LongPollProbe.USAGE);
            return 0;
        }
        quietenClientLogging();
        return LongPollProbe.run(args, System.getenv(), System.out);
    }

    private static int bench(List<String> args) throws InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return 0;
        }
        BenchOptions options = BenchOptions.parse(args, System.getenv());
        quietenClientLogging();
        return Bench.run(options, DevStack::benchStack);
    }

    /**
     * {@code bench-rows}: PostgreSQL only (with an idle broker, as {@code --infra-only} starts it) in a
     * temporary directory, never a database from the environment, since the run drops indexes.
     */
    private static int benchRows(List<String> args) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(RowWorkOptions.USAGE);
            return 0;
        }
        RowWorkOptions options = RowWorkOptions.parse(args);
        quietenClientLogging();
        Path dataDir = Files.createTempDirectory("devstack-bench-rows-");
        LocalStack stack = new LocalStack(
                new DevStackOptions(
                        0,
                        DevStackOptions.DEFAULT_API_PORT,
                        dataDir,
                        Optional.empty(),
                        Optional.empty(),
                        true,
                        Duration.ofSeconds(DevStackOptions.DEFAULT_STARTUP_TIMEOUT_SECONDS)),
                Map.of());
        Runnable cleanUp = () -> {
            stack.stop();
            Bench.deleteRecursively(dataDir);
        };
        Thread cleanup = new Thread(cleanUp, "bench-rows-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            stack.start();
            DatabaseEndpoint endpoint =
                    stack.database().orElseThrow(() -> new IllegalStateException("a started stack has a database"));
            RowWork.Result result =
                    new RowWork(options, new Database(endpoint.url(), endpoint.user(), endpoint.password())).run();
            RowWork.report(options, result).forEach(System.out::println);
            return 0;
        } catch (StartupException e) {
            Console.error(e.getMessage());
            return 1;
        } catch (SQLException e) {
            Console.error("bench-rows stopped: PostgreSQL refused a statement (" + e.getMessage()
                    + "); the statements are copies of the applications' own, so check RowWorkTest");
            return 1;
        } finally {
            if (removeHook(cleanup)) {
                cleanUp.run(); // else the JVM is exiting and the hook runs it
            }
        }
    }

    /**
     * The bench's own stack: the same {@link LocalStack} as {@code start}, on the bench's port and
     * data; for the {@code http} operation with a {@link LatencyStub} that its workers'
     * {@code external_api} connector calls.
     */
    static StackLauncher.Stack benchStack(StackLauncher.Request request) {
        DevStackOptions options = DevStackOptions.ownStack(
                request.workers(), request.apiPort(), request.dataDir(), request.startupTimeout());
        int stubPort = Bench.freePort();
        Map<String, String> workerEnvironment = request.stubLatency().isPresent()
                ? Map.of(EXTERNAL_API_BASE_URL_VARIABLE, "http://127.0.0.1:" + stubPort)
                : Map.of();
        LocalStack stack = new LocalStack(
                options,
                System.getenv(),
                request.apiEnvironment(),
                List.of(),
                (slot, workerId, database) -> workerEnvironment);
        AtomicReference<Optional<LatencyStub>> stub = new AtomicReference<>(Optional.empty());
        return new StackLauncher.Stack() {
            @Override
            public StackLauncher.Started start() throws StackLauncher.StackStartException {
                try {
                    if (request.stubLatency().isPresent()) {
                        stub.set(Optional.of(LatencyStub.launch(
                                stubPort,
                                request.stubLatency().get(),
                                request.dataDir().resolve("logs").resolve(LatencyStub.SUBCOMMAND + ".log"))));
                    }
                    stack.start();
                } catch (IOException e) {
                    throw new StackLauncher.StackStartException(String.valueOf(e.getMessage()), e);
                } catch (StartupException e) {
                    throw new StackLauncher.StackStartException(String.valueOf(e.getMessage()), e);
                }
                DatabaseEndpoint database =
                        stack.database().orElseThrow(() -> new IllegalStateException("a started stack has a database"));
                return new StackLauncher.Started(
                        URI.create(stack.apiBaseUrl()),
                        new Database(database.url(), database.user(), database.password()),
                        new BenchWorkers(stack));
            }

            @Override
            public void close() {
                stack.stop();
                stub.getAndSet(Optional.empty()).ifPresent(LatencyStub::close);
            }
        };
    }

    private static void start(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(DevStackOptions.USAGE);
            return;
        }
        DevStackOptions options = DevStackOptions.parse(args);
        quietenClientLogging();
        LocalStack stack = new LocalStack(options, System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "devstack-shutdown"));
        try {
            stack.start();
        } catch (StartupException e) {
            if (stack.isStopping()) {
                return; // Ctrl-C during startup: the shutdown hook is already stopping everything.
            }
            Console.error(e.getMessage());
            stack.stop();
            System.exit(1);
        }
        waitUntilShutdown();
    }

    /** Kafka's admin client would otherwise log every refused connection while the broker starts. */
    private static void quietenClientLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        }
    }

    private static void waitUntilShutdown() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean removeHook(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            return false;
        }
    }
}
