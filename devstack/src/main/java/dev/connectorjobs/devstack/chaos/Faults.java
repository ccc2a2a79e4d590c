package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.bench.StackLauncher.StackStartException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Injects faults into a started stack, one method per fault class, and remembers each as a {@link
 * FaultEvent}. A worker that is being started again, paused or cut off is busy: no other fault picks
 * it until it is back. Killed workers are started again in the background, so that kills can follow
 * each other faster than a worker starts; every other fault waits until its part is ready again.
 */
final class Faults {

    /** How long a rolling restart waits for workers still being started again after a kill. */
    private static final Duration BUSY_WAIT = Duration.ofMinutes(3);

    private final ChaosStack stack;
    private final List<String> workers;
    private final List<String> apis;
    private final Map<String, TcpProxy> proxies;
    private final Random random;
    private final Clock clock;
    private final Duration outage;
    private final Duration pause;
    private final Consumer<String> progress;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final List<FaultEvent> events = new CopyOnWriteArrayList<>();
    private final ExecutorService restarts = Executors.newVirtualThreadPerTaskExecutor();

    Faults(
            ChaosStack stack,
            List<String> workers,
            List<String> apis,
            Map<String, TcpProxy> proxies,
            Random random,
            Clock clock,
            ChaosOptions options,
            Consumer<String> progress) {
        this.stack = stack;
        this.workers = List.copyOf(workers);
        this.apis = List.copyOf(apis);
        this.proxies = Map.copyOf(proxies);
        this.random = random;
        this.clock = clock;
        this.outage = options.outage();
        this.pause = options.pause();
        this.progress = progress;
    }

    List<FaultEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Injects one fault. Every fault but a worker kill first waits until the workers killed before
     * are back, so that it finds the stack whole and its recovery is its own.
     */
    void inject(FaultKind kind) throws StackStartException, InterruptedException {
        if (kind != FaultKind.WORKER_KILL) {
            awaitIdle();
        }
        switch (kind) {
            case WORKER_KILL -> killWorker();
            case API_KILL -> killAndRestart(FaultKind.API_KILL, ChaosStack.API);
            case WORKER_RESTART -> restartWorkers();
            case KAFKA_KILL -> killAndRestart(FaultKind.KAFKA_KILL, ChaosStack.KAFKA);
            case POSTGRES_KILL -> killAndRestart(FaultKind.POSTGRES_KILL, ChaosStack.POSTGRES);
            case DB_CUT_ONE ->
                cutDatabase(FaultKind.DB_CUT_ONE, anyIdleWorker().map(List::of).orElse(List.of()));
            case DB_CUT_ALL -> cutDatabase(FaultKind.DB_CUT_ALL, idleWorkers());
            case WORKER_PAUSE -> pauseWorker();
            case ROLLING_UPGRADE -> rollingUpgrade();
        }
    }

    /** SIGKILL of a random idle worker; it is started again in the background. */
    void killWorker() {
        Optional<String> worker = anyIdleWorker();
        if (worker.isEmpty()) {
            progress.accept("worker-kill skipped: all workers but one are still being started again");
            return;
        }
        String id = worker.get();
        busy.add(id);
        Instant at = clock.instant();
        stack.kill(id);
        events.add(new FaultEvent(FaultKind.WORKER_KILL, at, at, id));
        progress.accept("worker-kill: SIGKILL " + id + "; starting it again");
        restarts.execute(() -> restartInBackground(id));
    }

    /** SIGKILL of a part, then started again at once; recovery counts from the kill. */
    void killAndRestart(FaultKind kind, String part) throws StackStartException {
        Instant at = clock.instant();
        stack.kill(part);
        events.add(new FaultEvent(kind, at, at, part));
        progress.accept(kind.optionName() + ": SIGKILL " + part + "; starting it again");
        stack.restart(part);
        progress.accept(kind.optionName() + ": " + part + " is back after "
                + Duration.between(at, clock.instant()).toSeconds() + " s");
    }

    /** SIGTERM of every worker in turn, each started again and registered before the next. */
    void restartWorkers() throws StackStartException {
        Instant at = clock.instant();
        restartEachWorker(FaultKind.WORKER_RESTART);
        Instant done = clock.instant();
        events.add(new FaultEvent(FaultKind.WORKER_RESTART, at, done, String.join(",", workers)));
        progress.accept("worker-restart: all " + workers.size() + " workers restarted in "
                + Duration.between(at, done).toSeconds() + " s");
    }

    /**
     * A rolling upgrade: every worker in turn as in {@link #restartWorkers()}, then every
     * api-gateway in turn, SIGTERM (it drains the requests under way), started again and ready
     * before the next. Workers first, as an upgrade that changes the dispatch record needs. One
     * event spans the whole roll; recovery counts from the last api-gateway ready.
     */
    void rollingUpgrade() throws StackStartException {
        Instant at = clock.instant();
        restartEachWorker(FaultKind.ROLLING_UPGRADE);
        progress.accept("rolling-upgrade: all " + workers.size() + " workers restarted in "
                + Duration.between(at, clock.instant()).toSeconds() + " s; now the api-gateways");
        for (String api : apis) {
            Instant stopping = clock.instant();
            progress.accept("rolling-upgrade: SIGTERM " + api);
            stack.terminate(api);
            Instant stopped = clock.instant();
            stack.restart(api);
            progress.accept("rolling-upgrade: " + api + " stopped in "
                    + Duration.between(stopping, stopped).toSeconds() + " s and was ready again "
                    + Duration.between(stopped, clock.instant()).toSeconds() + " s later");
        }
        Instant done = clock.instant();
        List<String> parts = new ArrayList<>(workers);
        parts.addAll(apis);
        events.add(new FaultEvent(FaultKind.ROLLING_UPGRADE, at, done, String.join(",", parts)));
        progress.accept("rolling-upgrade: " + workers.size() + " workers and " + apis.size()
                + " api-gateways restarted in " + Duration.between(at, done).toSeconds() + " s");
    }

    private void restartEachWorker(FaultKind kind) throws StackStartException {
        for (String worker : workers) {
            busy.add(worker);
            try {
                progress.accept(kind.optionName() + ": SIGTERM " + worker);
                stack.terminate(worker);
                stack.restart(worker);
            } finally {
                busy.remove(worker);
            }
        }
    }

    /** PostgreSQL unreachable for {@code targets} for the outage time; recovery counts from the restore. */
    void cutDatabase(FaultKind kind, List<String> targets) throws InterruptedException {
        if (targets.isEmpty()) {
            progress.accept(kind.optionName() + " skipped: no idle worker");
            return;
        }
        busy.addAll(targets);
        Instant at = clock.instant();
        try {
            progress.accept(kind.optionName() + ": PostgreSQL unreachable for " + String.join(",", targets) + " for "
                    + outage.toSeconds() + " s");
            targets.forEach(worker -> proxy(worker).cut());
            Thread.sleep(outage);
        } finally {
            targets.forEach(worker -> proxy(worker).restore());
            targets.forEach(busy::remove);
        }
        events.add(new FaultEvent(kind, at, clock.instant(), String.join(",", targets)));
        progress.accept(kind.optionName() + ": PostgreSQL reachable again");
    }

    /** SIGSTOP of a random idle worker past its lease, then SIGCONT; recovery counts from the resume. */
    void pauseWorker() throws InterruptedException {
        Optional<String> worker = anyIdleWorker();
        if (worker.isEmpty()) {
            progress.accept("worker-pause skipped: no idle worker");
            return;
        }
        String id = worker.get();
        busy.add(id);
        Instant at = clock.instant();
        try {
            progress.accept("worker-pause: SIGSTOP " + id + " for " + pause.toSeconds() + " s");
            stack.pause(id);
            Thread.sleep(pause);
        } finally {
            stack.resume(id);
            busy.remove(id);
        }
        events.add(new FaultEvent(FaultKind.WORKER_PAUSE, at, clock.instant(), id));
        progress.accept("worker-pause: SIGCONT " + id);
    }

    /** Waits until every killed worker has been started again. */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        while (!busy.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** Stops starting workers again (the stack is being closed). */
    void close() {
        restarts.shutdownNow();
        try {
            restarts.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TcpProxy proxy(String worker) {
        return Objects.requireNonNull(proxies.get(worker), () -> "no PostgreSQL proxy for " + worker);
    }

    /**
     * The workers no other fault holds. A fault takes only these, and gives back only what it took:
     * a worker it did not take may still be starting again after a kill.
     */
    private List<String> idleWorkers() {
        List<String> idle = new ArrayList<>(workers);
        idle.removeAll(busy);
        return idle;
    }

    /** A random idle worker, never the last one: some worker always goes on. */
    private Optional<String> anyIdleWorker() {
        List<String> idle = idleWorkers();
        if (idle.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(idle.get(random.nextInt(idle.size())));
    }

    private void restartInBackground(String worker) {
        try {
            stack.restart(worker);
        } catch (StackStartException e) {
            progress.accept("worker-kill: " + worker + " did not start again: " + e.getMessage());
        } finally {
            busy.remove(worker);
        }
    }
}
