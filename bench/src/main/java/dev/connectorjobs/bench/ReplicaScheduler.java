package dev.connectorjobs.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Fires the {@code --replica-events} at their times during the measured run, each on a thread of
 * its own (so a worker that takes long to start or to drain delays no later event), and records when
 * each happened and which worker it affected. Stop and kill take the longest-running worker that no
 * earlier event took, so that the workers the stack started with go first.
 */
final class ReplicaScheduler implements AutoCloseable {

    /** How long {@link #finish()} waits for an event in progress (a worker starting or draining). */
    static final Duration FINISH_WAIT = Duration.ofMinutes(3);

    /**
     * An event that was fired.
     *
     * @param event the event as asked for
     * @param firedAt when the bench acted: started the worker, sent SIGTERM or SIGKILL
     * @param effectiveAt when the change took effect: the new worker registered (add), the signal
     *     was sent (stop, kill); the report's windows are around this time
     * @param doneAt when the action returned: the new worker registered, the stopped or killed one
     *     exited
     * @param workerId the worker added, stopped or killed, as in {@code jobs.worker_id}
     * @param error why the event failed, if it did
     */
    record Fired(
            ReplicaEvent event,
            Instant firedAt,
            Instant effectiveAt,
            Instant doneAt,
            String workerId,
            Optional<String> error) {}

    private final StackLauncher.Workers workers;
    private final List<Fired> fired = new ArrayList<>();
    /** Workers an event has taken to stop or kill; also the monitor for {@link #addsUnderWay}. */
    private final Set<String> taken = new HashSet<>();
    /** Adds fired that have not returned yet: their worker is still starting. */
    private int addsUnderWay;

    private final List<Thread> threads = new ArrayList<>();

    private ReplicaScheduler(List<ReplicaEvent> events, StackLauncher.Workers workers, RunClock clock) {
        this.workers = workers;
        for (int i = 0; i < events.size(); i++) {
            ReplicaEvent event = events.get(i);
            threads.add(Thread.ofPlatform()
                    .name("bench-replica-event-" + (i + 1))
                    .daemon()
                    .unstarted(() -> fireAt(event, clock)));
        }
    }

    /** Starts firing {@code events}, timed from {@code clock}'s start. */
    static ReplicaScheduler start(List<ReplicaEvent> events, StackLauncher.Workers workers, RunClock clock) {
        ReplicaScheduler scheduler = new ReplicaScheduler(events, workers, clock);
        scheduler.threads.forEach(Thread::start);
        return scheduler;
    }

    /** Waits until every event has fired and returns them in time order. */
    List<Fired> finish() throws InterruptedException {
        long deadline = System.nanoTime() + FINISH_WAIT.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                Bench.progress(
                        "replica events: still busy after " + FINISH_WAIT.toMinutes() + " min; reporting those done");
                break;
            }
        }
        synchronized (fired) {
            return fired.stream()
                    .sorted(Comparator.comparing((Fired f) -> f.event().at()))
                    .toList();
        }
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }

    private void fireAt(ReplicaEvent event, RunClock clock) {
        long due = clock.startNanos() + event.at().toNanos();
        try {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            return;
        }
        Fired done = fire(event);
        long lateMicros = RunClock.epochMicros(done.firedAt())
                - clock.startEpochMicros()
                - event.at().toNanos() / 1_000;
        Bench.progress("replica event %s: %s %s%s%s"
                .formatted(
                        event.text(),
                        verb(event.kind()),
                        done.workerId(),
                        lateMicros > 1_000_000 ? " %.1f s late".formatted(lateMicros / 1e6) : "",
                        done.error().map(e -> " FAILED: " + e).orElse("")));
        synchronized (fired) {
            fired.add(done);
        }
    }

    private Fired fire(ReplicaEvent event) {
        Instant firedAt = Instant.now();
        String workerId = "";
        try {
            switch (event.kind()) {
                case ADD -> {
                    workerId = addWorker();
                    Instant registered = Instant.now();
                    return new Fired(event, firedAt, registered, registered, workerId, Optional.empty());
                }
                case STOP -> {
                    workerId = oldest();
                    firedAt = Instant.now();
                    workers.terminate(workerId);
                }
                case KILL -> {
                    workerId = oldest();
                    firedAt = Instant.now();
                    workers.kill(workerId);
                }
            }
            return new Fired(event, firedAt, firedAt, Instant.now(), workerId, Optional.empty());
        } catch (StackLauncher.StackStartException | RuntimeException e) {
            return new Fired(event, firedAt, firedAt, Instant.now(), workerId, Optional.of(String.valueOf(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fired(event, firedAt, firedAt, Instant.now(), workerId, Optional.of("interrupted"));
        }
    }

    private String addWorker() throws StackLauncher.StackStartException {
        synchronized (taken) {
            addsUnderWay++;
        }
        try {
            return workers.add();
        } finally {
            synchronized (taken) {
                addsUnderWay--;
                taken.notifyAll();
            }
        }
    }

    /**
     * The longest-running worker no other event took. While an earlier add is still starting its
     * worker and this one would leave none running, waits for it: the options allowed this event
     * counting on that worker ({@link ReplicaEvent#parseAll}), and a fleet of none measures nothing.
     */
    private String oldest() throws InterruptedException {
        synchronized (taken) {
            List<String> candidates = candidates();
            while (candidates.size() < 2 && addsUnderWay > 0) {
                taken.wait(100);
                candidates = candidates();
            }
            if (candidates.isEmpty()) {
                throw new IllegalStateException("no worker is running that no other event took");
            }
            String oldest = candidates.getFirst();
            taken.add(oldest);
            return oldest;
        }
    }

    private List<String> candidates() {
        return workers.running().stream().filter(id -> !taken.contains(id)).toList();
    }

    private static String verb(ReplicaEvent.Kind kind) {
        return switch (kind) {
            case ADD -> "added";
            case STOP -> "stopped (SIGTERM)";
            case KILL -> "killed (SIGKILL)";
        };
    }
}
