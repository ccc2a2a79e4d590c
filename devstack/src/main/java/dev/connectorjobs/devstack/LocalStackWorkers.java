package dev.connectorjobs.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The worker processes of a {@link LocalStack}: the ones it starts with, the ones added while it
 * runs ({@code worker-3}, {@code worker-4}, ... after two), and the ones the fault runner starts
 * again in their slot ({@code worker-2-r1}). Each is known by its worker id, the one it writes to
 * {@code jobs.worker_id} and {@code job_attempts.worker_id}, and can be stopped (SIGTERM, it drains)
 * or killed (SIGKILL, its leases expire and the reaper hands its jobs on).
 */
final class LocalStackWorkers {

    static final String SLOT_PREFIX = "worker-";

    private final ChildProcesses processes;
    private final LocalStack.WorkerOverrides overrides;
    private final Duration startupTimeout;
    private final BooleanSupplier stopping;
    /** Every worker started so far by worker id, in start order. */
    private final Map<String, ChildProcess> byId = new LinkedHashMap<>();
    /** The workers that have registered: a worker still starting is not running yet. */
    private final Set<String> registered = new HashSet<>();

    private int slots;
    private volatile Optional<Launch> launch = Optional.empty();

    /** How every worker of the stack is started: its jar, the shared variables and the database. */
    private record Launch(Path jar, Map<String, String> shared, DatabaseEndpoint database) {}

    LocalStackWorkers(
            ChildProcesses processes,
            LocalStack.WorkerOverrides overrides,
            Duration startupTimeout,
            BooleanSupplier stopping) {
        this.processes = processes;
        this.overrides = overrides;
        this.startupTimeout = startupTimeout;
        this.stopping = stopping;
    }

    /**
     * Starts the stack's first {@code count} workers ({@code worker-1} ...) and waits until all of
     * them have registered.
     */
    void startFirst(int count, Path jar, Map<String, String> shared, DatabaseEndpoint database, Startup startup)
            throws IOException, StartupException {
        launch = Optional.of(new Launch(jar, Map.copyOf(shared), database));
        List<ChildProcess> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(startNext());
        }
        WorkerRegistrations registrations = new WorkerRegistrations(database);
        startup.await(
                count + " worker(s) to register in the workers table",
                () -> registrations.countLive(workers) == workers.size());
        workers.forEach(child -> registered(child.name()));
    }

    /**
     * Starts one more worker like the first ones, in a new slot, and returns its worker id once it
     * has registered.
     *
     * @throws StartupException when it does not register within the stack's startup timeout or dies
     */
    String add() throws StartupException {
        ChildProcess child;
        try {
            child = startNext();
        } catch (IOException e) {
            throw new StartupException("Could not start one more worker: " + e, e);
        }
        Startup startup = new Startup(startupTimeout, () -> List.of(child), stopping);
        WorkerRegistrations registrations =
                new WorkerRegistrations(currentLaunch().database());
        startup.await(child.name() + " to register", () -> registrations.isLive(child.name(), child.pid()));
        registered(child.name());
        return child.name();
    }

    private synchronized ChildProcess startNext() throws IOException {
        Launch current = currentLaunch();
        String workerId = SLOT_PREFIX + (++slots);
        Map<String, String> environment = new HashMap<>(current.shared());
        environment.put(LocalStack.WORKER_ID_VARIABLE, workerId);
        environment.put(LocalStack.WORKER_PORT_VARIABLE, "0");
        environment.putAll(overrides.of(workerId, workerId, current.database()));
        ChildProcess child = processes.start(
                ChildProcesses.Tier.WORKERS,
                workerId,
                JavaCommand.jar(current.jar(), List.of(), List.of()),
                environment);
        byId.put(workerId, child);
        return child;
    }

    /** A worker started again in its slot runs under a new worker id once it has registered. */
    synchronized void restarted(String workerId, ChildProcess child) {
        byId.put(workerId, child);
    }

    synchronized void registered(String workerId) {
        registered.add(workerId);
    }

    /** The worker ids of the workers that have registered and not exited, in start order. */
    synchronized List<String> running() {
        return byId.entrySet().stream()
                .filter(e -> registered.contains(e.getKey()) && e.getValue().isAlive())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The process of the worker with this worker id, if this stack started one. */
    synchronized Optional<ChildProcess> process(String workerId) {
        return Optional.ofNullable(byId.get(workerId));
    }

    private Launch currentLaunch() {
        return launch.orElseThrow(() -> new IllegalStateException("the stack has not started its workers"));
    }
}
