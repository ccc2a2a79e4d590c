package dev.connectorjobs.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the bench gets a stack of its own: the devstack supplies one that starts exactly what {@code
 * devstack start} starts (PostgreSQL, Kafka, the api-gateway, N workers), each in a JVM of its own.
 */
@FunctionalInterface
public interface StackLauncher {

    /**
     * Prepares a stack without starting it, so that the caller holds a handle it can close from a
     * shutdown hook even while the stack is still starting.
     */
    Stack prepare(Request request);

    /**
     * What to start.
     *
     * @param workers worker JVMs
     * @param apiPort the api-gateway's HTTP port on 127.0.0.1
     * @param dataDir where the stack keeps its data and logs
     * @param apiEnvironment variables for the api-gateway only, on top of the inherited environment
     *     (the bench's admin key and its raised submission rate limit)
     * @param startupTimeout how long the stack may take to become ready
     * @param stubLatency when present, start a stub vendor in a process of its own that answers
     *     every request after this long, and point the workers' {@code external_api} connector at it
     *     (the {@code http} operation)
     */
    record Request(
            int workers,
            int apiPort,
            Path dataDir,
            Map<String, String> apiEnvironment,
            Duration startupTimeout,
            Optional<Duration> stubLatency) {

        public Request {
            apiEnvironment = Map.copyOf(apiEnvironment);
        }
    }

    /** A stack that can be started once and closed any number of times. */
    interface Stack extends AutoCloseable {

        /**
         * Starts every part and returns once the api-gateway is ready and the workers have
         * registered.
         *
         * @throws StackStartException when a part does not start in time or dies
         */
        Started start() throws StackStartException;

        /** Stops every part that was started. Idempotent, and safe from a shutdown hook during start. */
        @Override
        void close();
    }

    /**
     * A started stack.
     *
     * @param api the api-gateway's base URL
     * @param database the stack's database
     * @param workers its worker processes, to add, stop and kill while it runs
     */
    record Started(URI api, Database database, Workers workers) {}

    /**
     * The worker processes of a started stack. A worker is named by its worker id, the one it writes
     * to {@code jobs.worker_id} and {@code job_attempts.worker_id}.
     */
    interface Workers {

        /**
         * Starts one more worker process like the others and returns its worker id once it has
         * registered.
         *
         * @throws StackStartException when it does not register in time or dies
         */
        String add() throws StackStartException;

        /** The worker ids of the workers that have registered and not exited, the longest-running first. */
        List<String> running();

        /** Stops a worker gracefully (SIGTERM: it drains its jobs in flight) and waits until it has exited. */
        void terminate(String workerId);

        /** Kills a worker (SIGKILL) and waits until it is gone: its jobs in flight are lost until the reaper. */
        void kill(String workerId);
    }

    /** The stack did not start; the message says why (with the last log lines of a child that died). */
    final class StackStartException extends Exception {

        private static final long serialVersionUID = 1L;

        public StackStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
