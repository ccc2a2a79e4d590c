package dev.connectorjobs.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children of the devstack, grouped in tiers that start in declaration order and stop in
 * reverse order: workers first (they still write their final state), then the api-gateway, then
 * the broker, then the database. Within a tier all processes stop in parallel.
 */
final class ChildProcesses {

    /** Start order; stop order is the reverse. */
    enum Tier {
        DATABASE,
        BROKER,
        API,
        WORKERS
    }

    /** How long a child may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final DataDirectory dataDirectory;
    private final ChildLedger ledger;
    private final Map<Tier, List<ChildProcess>> tiers = new EnumMap<>(Tier.class);
    /** How each child was started, by name, to start it again the same way. */
    private final Map<String, Launch> launches = new HashMap<>();

    private volatile boolean stopping;
    private volatile boolean reportUnexpectedExits;
    /** Children stopped on purpose while the stack runs (the fault runner's kills): their exit is no news. */
    private final Set<ChildProcess> expectedExits = ConcurrentHashMap.newKeySet();

    ChildProcesses(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.ledger = new ChildLedger(dataDirectory.childrenFile());
    }

    /** Stops what a devstack killed with SIGKILL left behind on this data directory. */
    void stopLeftovers() throws IOException {
        ledger.stopLeftovers();
    }

    /**
     * Starts a child whose output goes to {@code <data-dir>/logs/<name>.log}.
     *
     * @throws IllegalStateException when the stack is already stopping
     */
    synchronized ChildProcess start(Tier tier, String name, List<String> command, Map<String, String> environment)
            throws IOException {
        if (stopping) {
            throw new IllegalStateException("The devstack is stopping; not starting " + name);
        }
        ChildProcess child = ChildProcess.start(name, command, environment, dataDirectory.log(name));
        tiers.computeIfAbsent(tier, t -> new ArrayList<>()).add(child);
        launches.put(name, new Launch(tier, command, Map.copyOf(environment), child));
        ledger.record(child);
        child.onExit(() -> reportUnexpectedExit(child));
        return child;
    }

    /**
     * Starts the child called {@code name} again with the command line and environment it was first
     * started with, {@code overrides} replacing some variables; the one before must have exited.
     *
     * @throws IllegalStateException when no child of that name was started or it still runs
     */
    synchronized ChildProcess restart(String name, Map<String, String> overrides) throws IOException {
        Launch launch = launches.get(name);
        if (launch == null) {
            throw new IllegalStateException("No child called " + name + " was started");
        }
        if (launch.latest().isAlive()) {
            throw new IllegalStateException(launch.latest() + " still runs; stop it before starting it again");
        }
        Map<String, String> environment = new HashMap<>(launch.environment());
        environment.putAll(overrides);
        ChildProcess child = start(launch.tier(), name, launch.command(), environment);
        launches.put(name, new Launch(launch.tier(), launch.command(), launch.environment(), child));
        return child;
    }

    /** The child called {@code name} that was started last. */
    synchronized Optional<ChildProcess> latest(String name) {
        return Optional.ofNullable(launches.get(name)).map(Launch::latest);
    }

    /**
     * From now on a child that exits while the stack is not stopping is reported on the terminal.
     * Before the stack is ready, {@link Startup} reports it, with its last log lines.
     */
    void reportUnexpectedExits() {
        reportUnexpectedExits = true;
    }

    /** The next exit of {@code child} is on purpose and not reported. */
    void expectExit(ChildProcess child) {
        expectedExits.add(child);
    }

    boolean isStopping() {
        return stopping;
    }

    /** Every child started so far. */
    synchronized List<ChildProcess> all() {
        return tiers.values().stream().flatMap(List::stream).toList();
    }

    /** Stops every child, tier by tier. Safe to call more than once and from a shutdown hook. */
    synchronized void stopAll() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (tiers.isEmpty()) {
            return; // Nothing started; the ledger may belong to another devstack on this directory.
        }
        List.of(Tier.values()).reversed().forEach(tier -> stopTier(tiers.getOrDefault(tier, List.of())));
        try {
            ledger.forget();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Console.progress("stopped");
    }

    private static void stopTier(List<ChildProcess> children) {
        List<ChildProcess> running =
                children.stream().filter(ChildProcess::isAlive).toList();
        if (running.isEmpty()) {
            return;
        }
        Console.progress("stopping "
                + String.join(", ", running.stream().map(ChildProcess::name).toList()));
        running.forEach(ChildProcess::requestStop);
        for (ChildProcess child : running) {
            if (!child.awaitStop(STOP_GRACE)) {
                Console.progress(child.name() + " did not stop within " + STOP_GRACE.toSeconds() + " s; killed it");
            }
        }
    }

    private record Launch(Tier tier, List<String> command, Map<String, String> environment, ChildProcess latest) {}

    private void reportUnexpectedExit(ChildProcess child) {
        if (reportUnexpectedExits && !stopping && !expectedExits.remove(child)) {
            Console.error(child.name() + " " + child.exitDescription() + "; see " + child.log());
        }
    }
}
