package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.bench.Database;
import dev.connectorjobs.bench.StackLauncher.StackStartException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The stack the fault runner starts and hurts: PostgreSQL, Kafka, one or more api-gateways and N
 * workers, each a process of its own that can be signalled and started again by name ({@link #API}
 * and the other api-gateways' names, {@link #KAFKA}, {@link #POSTGRES} or a worker's slot). The
 * launcher implements it with its local stack.
 */
public interface ChaosStack extends AutoCloseable {

    /** The first api-gateway, which migrates the schema; the others are {@code api-gateway-2}, ... */
    String API = "api-gateway";

    String KAFKA = "kafka";
    String POSTGRES = "postgres";

    /** Prepares a stack without starting it, so the caller can close it from a shutdown hook. */
    @FunctionalInterface
    interface Launcher {
        ChaosStack prepare(Request request);
    }

    /**
     * Variables for one worker, on top of the stack's, given the database URL the stack chose. A
     * worker started again keeps its slot (the name the runner knows it by, e.g. {@code worker-2})
     * under a new worker id (e.g. {@code worker-2-r1}), since a worker refuses the id of one that
     * heartbeat within its lease.
     */
    @FunctionalInterface
    interface WorkerEnvironment {
        Map<String, String> of(String slot, String workerId, String databaseUrl);
    }

    /**
     * What to start.
     *
     * @param workers worker processes
     * @param apiPorts the api-gateways' ports on 127.0.0.1, one per api-gateway, the first one's
     *     first
     * @param dataDir data and logs
     * @param apiEnvironment variables for the api-gateway only
     * @param workerEnvironment variables per worker (its database URL, its stub URL)
     * @param startupTimeout how long the stack, and each part started again, may take to be ready
     */
    record Request(
            int workers,
            List<Integer> apiPorts,
            Path dataDir,
            Map<String, String> apiEnvironment,
            WorkerEnvironment workerEnvironment,
            Duration startupTimeout) {

        public Request {
            apiPorts = List.copyOf(apiPorts);
            if (apiPorts.isEmpty()) {
                throw new IllegalArgumentException("a stack needs an api-gateway");
            }
            apiEnvironment = Map.copyOf(apiEnvironment);
        }
    }

    /**
     * One api-gateway of a started stack.
     *
     * @param part its name, to signal it and start it again
     * @param url its base URL
     */
    record Api(String part, URI url) {}

    /**
     * A started stack.
     *
     * @param apis the api-gateways, {@link #API} first
     * @param database the stack's database, direct (not through a worker's proxy)
     * @param workers the workers' slots
     */
    record Started(List<Api> apis, Database database, List<String> workers) {

        public Started {
            apis = List.copyOf(apis);
            workers = List.copyOf(workers);
        }
    }

    /** Starts every part; returns when every api-gateway is ready and every worker has registered. */
    Started start() throws StackStartException;

    /** SIGKILL; for {@link #POSTGRES} the database server and every backend too, as in a crash. */
    void kill(String part);

    /** SIGTERM, then waits until the part has exited (SIGKILL after the stop grace). */
    void terminate(String part);

    /** SIGSTOP. */
    void pause(String part);

    /** SIGCONT. */
    void resume(String part);

    /**
     * Starts a part that was killed or terminated again, with the same command line and
     * environment, and waits until it is ready (an api-gateway: its readiness probe says so; a
     * worker: registered).
     */
    void restart(String part) throws StackStartException;

    /** Stops every part. Idempotent. */
    @Override
    void close();
}
