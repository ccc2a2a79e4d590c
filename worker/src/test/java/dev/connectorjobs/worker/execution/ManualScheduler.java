package dev.connectorjobs.worker.execution;

import dev.connectorjobs.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DeadlineScheduler} that a test ticks by hand: nothing runs until {@link #advance} moves
 * its clock, and then every task that came due runs on the test's thread, in the order of its
 * instant, with the clock set to that instant.
 */
final class ManualScheduler implements DeadlineScheduler {

    private final SettableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long scheduled;

    ManualScheduler(SettableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Scheduled schedule(Instant at, Runnable task) {
        Task t = new Task(at, scheduled++, task);
        tasks.add(t);
        return () -> remove(t);
    }

    /** Moves the clock by {@code duration}, running the tasks that come due on the way. */
    void advance(Duration duration) {
        Instant until = clock.instant().plus(duration);
        for (Optional<Task> next = nextDue(until); next.isPresent(); next = nextDue(until)) {
            Task task = next.get();
            if (task.at().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), task.at()));
            }
            task.action().run();
        }
        clock.advance(Duration.between(clock.instant(), until));
    }

    /** Moves the clock to {@code at}, running the tasks that come due on the way. */
    void advanceTo(Instant at) {
        advance(Duration.between(clock.instant(), at));
    }

    /** How many tasks wait for their instant. */
    synchronized int pending() {
        return tasks.size();
    }

    private synchronized Optional<Task> nextDue(Instant until) {
        Optional<Task> next = tasks.stream()
                .filter(t -> !t.at().isAfter(until))
                .min(Comparator.comparing(Task::at).thenComparing(Task::order));
        next.ifPresent(tasks::remove);
        return next;
    }

    private synchronized void remove(Task task) {
        tasks.remove(task);
    }

    private record Task(Instant at, long order, Runnable action) {}
}
