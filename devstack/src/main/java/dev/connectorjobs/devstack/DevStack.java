package dev.connectorjobs.devstack;

import java.util.List;

/**
 * The {@code devstack} command: the whole system on one machine with nothing installed but a JDK.
 *
 * <pre>
 * java -jar devstack/target/devstack.jar [start] [--workers N] [--api-port P] [--data-dir D] ...
 * </pre>
 *
 * <p>The first argument may name a subcommand; without one the stack is started (see {@link
 * DevStackOptions#USAGE}). Startup prints progress lines prefixed with {@code devstack:} and then
 * exactly one line {@code READY api=http://127.0.0.1:<port>}, which scripts can wait for. The stack
 * runs until the JVM is asked to stop (Ctrl-C, SIGTERM) and then stops the workers, the api-gateway,
 * Kafka and PostgreSQL, in that order. The exit status is 1 when startup fails and 2 on bad
 * arguments.
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
                case EmbeddedDatabase.SUBCOMMAND -> EmbeddedDatabase.serve(rest);
                case EmbeddedKafka.SUBCOMMAND -> EmbeddedKafka.serve(rest);
                default -> throw new UsageException("Unknown command: " + subcommand);
            }
        } catch (UsageException e) {
            Console.error(e.getMessage());
            System.err.print(DevStackOptions.USAGE);
            System.exit(2);
        }
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
}
