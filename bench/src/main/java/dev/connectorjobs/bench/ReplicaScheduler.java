package dev.connectorjobs.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Fires the {@code --replica-events} at their times during the measured run, one after the other
 * on a thread of its own, and records when each happened and which worker it affected. Stop and
 * kill take the longest-running worker, so that the workers the stack started with go first.
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

    private final List<ReplicaEvent> events;
    private final StackLauncher.Workers workers;
    private final List<Fired> fired = new ArrayList<>();
    private final Thread thread;

    private ReplicaScheduler(List<ReplicaEvent> events, StackLauncher.Workers workers, RunClock clock) {
        this.events = List.copyOf(events);
        this.workers = workers;
        this.thread = Thread.ofPlatform().name("bench-replica-events").daemon().unstarted(() -> fireAll(clock));
    }

    /** Starts firing {@code events}, timed from {@code clock}'s start. */
    static ReplicaScheduler start(List<ReplicaEvent> events, StackLauncher.Workers workers, RunClock clock) {
        ReplicaScheduler scheduler = new ReplicaScheduler(events, workers, clock);
        scheduler.thread.start();
        return scheduler;
    }

    /** Waits until every event has fired and returns them in time order. */
    List<Fired> finish() throws InterruptedException {
        if (!thread.join(FINISH_WAIT)) {
            Bench.progress(
                    "replica events: still busy after " + FINISH_WAIT.toMinutes() + " min; reporting those done");
            thread.interrupt();
        }
        synchronized (fired) {
            return List.copyOf(fired);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    private void fireAll(RunClock clock) {
        for (ReplicaEvent event : events) {
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
            Bench.progress("replica event %s: %s %s%s"
                    .formatted(
                            event.text(),
                            verb(event.kind()),
                            done.workerId(),
                            done.error().map(e -> " FAILED: " + e).orElse("")));
            synchronized (fired) {
                fired.add(done);
            }
        }
    }

    private Fired fire(ReplicaEvent event) {
        Instant firedAt = Instant.now();
        String workerId = "";
        try {
            switch (event.kind()) {
                case ADD -> {
                    workerId = workers.add();
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
        }
    }

    private String oldest() {
        List<String> running = workers.running();
        if (running.isEmpty()) {
            throw new IllegalStateException("no worker is running");
        }
        return running.getFirst();
    }

    private static String verb(ReplicaEvent.Kind kind) {
        return switch (kind) {
            case ADD -> "added";
            case STOP -> "stopped (SIGTERM)";
            case KILL -> "killed (SIGKILL)";
        };
    }
}
