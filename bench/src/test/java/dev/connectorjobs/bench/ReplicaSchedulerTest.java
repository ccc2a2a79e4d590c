package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.ReplicaScheduler.Fired;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplicaSchedulerTest {

    /** Workers that start when the test lets them and stop at once. */
    private static final class FakeWorkers implements StackLauncher.Workers {

        private final List<String> running = new ArrayList<>();
        private final List<String> actions = new ArrayList<>();
        private final CountDownLatch addMayFinish = new CountDownLatch(1);

        FakeWorkers(String... running) {
            this.running.addAll(List.of(running));
        }

        @Override
        public String add() throws StackLauncher.StackStartException {
            try {
                if (!addMayFinish.await(10, TimeUnit.SECONDS)) {
                    throw new StackLauncher.StackStartException("not let", new IllegalStateException());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackLauncher.StackStartException("interrupted", e);
            }
            synchronized (this) {
                String id = "worker-" + (running.size() + actions.size() + 1);
                running.add(id);
                actions.add("add " + id);
                return id;
            }
        }

        @Override
        public synchronized List<String> running() {
            return List.copyOf(running);
        }

        @Override
        public synchronized void terminate(String workerId) {
            running.remove(workerId);
            actions.add("stop " + workerId);
        }

        @Override
        public synchronized void kill(String workerId) {
            running.remove(workerId);
            actions.add("kill " + workerId);
        }

        synchronized List<String> actions() {
            return List.copyOf(actions);
        }
    }

    private static ReplicaEvent event(ReplicaEvent.Kind kind, long atMs) {
        return new ReplicaEvent(kind, Duration.ofMillis(atMs));
    }

    @Test
    void a_kill_that_would_leave_no_worker_waits_for_the_worker_an_earlier_add_is_starting() throws Exception {
        FakeWorkers workers = new FakeWorkers("worker-1");
        List<Fired> fired;
        try (ReplicaScheduler scheduler = ReplicaScheduler.start(
                List.of(event(ReplicaEvent.Kind.ADD, 0), event(ReplicaEvent.Kind.KILL, 10)),
                workers,
                RunClock.start())) {
            Thread.sleep(200); // the kill is due and must not have happened
            assertThat(workers.actions()).isEmpty();
            workers.addMayFinish.countDown();
            fired = scheduler.finish();
        }

        assertThat(workers.actions()).containsExactly("add worker-2", "kill worker-1");
        assertThat(fired).extracting(Fired::workerId).containsExactly("worker-2", "worker-1");
        assertThat(fired).allSatisfy(f -> assertThat(f.error()).isEmpty());
        assertThat(fired.get(1).firedAt()).isAfterOrEqualTo(fired.get(0).doneAt());
    }

    @Test
    void a_stop_and_a_kill_at_the_same_time_take_two_workers_the_longest_running_first() throws Exception {
        FakeWorkers workers = new FakeWorkers("worker-1", "worker-2", "worker-3");
        List<Fired> fired;
        try (ReplicaScheduler scheduler = ReplicaScheduler.start(
                List.of(event(ReplicaEvent.Kind.STOP, 0), event(ReplicaEvent.Kind.KILL, 0)),
                workers,
                RunClock.start())) {
            fired = scheduler.finish();
        }

        assertThat(fired).extracting(Fired::workerId).containsExactlyInAnyOrder("worker-1", "worker-2");
        assertThat(workers.running()).containsExactly("worker-3");
    }
}
