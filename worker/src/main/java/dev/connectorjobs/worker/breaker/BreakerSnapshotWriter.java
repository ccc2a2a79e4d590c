package dev.connectorjobs.worker.breaker;

import dev.connectorjobs.worker.config.WorkerProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes this worker's breaker snapshots to {@code breaker_snapshots}: all of them at start, on
 * every transition or reset of a breaker, periodically ({@code jobs.breaker-snapshot-interval}) and
 * at once after an operator's command.
 *
 * <p>All writes run on one background thread, so the thread whose call tripped a breaker never
 * waits for the database, and writes cannot overtake each other: each reads the breaker's state
 * when it runs, so the last write is always the newest state. Transitions that come in a burst are
 * coalesced into one write. A database that cannot be reached only costs log lines; the next write
 * catches up.
 */
@Component
final class BreakerSnapshotWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BreakerSnapshotWriter.class);

    private final BreakerRegistry breakers;
    private final JdbcTemplate jdbc;
    private final String workerId;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("breaker-snapshots").factory());
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final AtomicBoolean periodicQueued = new AtomicBoolean();
    private volatile boolean running;
    private volatile boolean lastWriteFailed;

    @Autowired
    BreakerSnapshotWriter(BreakerRegistry breakers, JdbcTemplate jdbc, WorkerProperties worker, Clock clock) {
        this(breakers, jdbc, worker.workerId(), clock);
    }

    BreakerSnapshotWriter(BreakerRegistry breakers, JdbcTemplate jdbc, String workerId, Clock clock) {
        this.breakers = breakers;
        this.jdbc = jdbc;
        this.workerId = workerId;
        this.clock = clock;
        breakers.onChange(this::changed);
    }

    /**
     * Writes the snapshot of {@code name} now, after any write already queued.
     *
     * @return whether it was written within {@code timeout}
     */
    boolean writeNow(String name, Duration timeout) {
        try {
            Future<?> done = writer.submit(() -> write(List.of(name)));
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return !lastWriteFailed;
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final String SNAPSHOT_INTERVAL =
            "#{@'" + BreakerProperties.BEAN + "'.breakerSnapshotInterval().toMillis()}";

    @Scheduled(fixedDelayString = SNAPSHOT_INTERVAL, initialDelayString = SNAPSHOT_INTERVAL)
    void writeAllPeriodically() {
        if (running && periodicQueued.compareAndSet(false, true)) {
            submit(() -> {
                periodicQueued.set(false);
                writeAll();
            });
        }
    }

    private void changed(ServiceBreaker breaker) {
        dirty.add(breaker.name());
        if (flushQueued.compareAndSet(false, true)) {
            submit(this::flushDirty);
        }
    }

    private void flushDirty() {
        flushQueued.set(false);
        List<String> names = new ArrayList<>();
        for (String name : List.copyOf(dirty)) {
            if (dirty.remove(name)) {
                names.add(name);
            }
        }
        write(names);
    }

    private void writeAll() {
        write(breakers.all().stream().map(ServiceBreaker::name).toList());
    }

    private void submit(Runnable task) {
        try {
            writer.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Breaker snapshot not written: the writer has stopped");
        }
    }

    private void write(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> rows = names.stream()
                .map(breakers::get)
                .map(ServiceBreaker::snapshot)
                .map(s -> new Object[] {
                    workerId,
                    s.name(),
                    s.state(),
                    s.failureCount(),
                    s.bufferedCalls(),
                    s.notPermittedCalls(),
                    s.failMax(),
                    s.resetTimeoutMs(),
                    timestamp(s.openedAt()),
                    timestamp(s.lastTransitionAt()),
                    s.lastError(),
                    now
                })
                .toList();
        try {
            jdbc.batchUpdate("""
                    INSERT INTO breaker_snapshots (worker_id, name, state, failure_count, buffered_calls,
                                                   not_permitted_calls, fail_max, reset_timeout_ms, opened_at,
                                                   last_transition_at, last_error, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (worker_id, name) DO UPDATE SET
                        state = excluded.state, failure_count = excluded.failure_count,
                        buffered_calls = excluded.buffered_calls, not_permitted_calls = excluded.not_permitted_calls,
                        fail_max = excluded.fail_max, reset_timeout_ms = excluded.reset_timeout_ms,
                        opened_at = excluded.opened_at, last_transition_at = excluded.last_transition_at,
                        last_error = excluded.last_error, updated_at = excluded.updated_at
                    """, rows);
            if (lastWriteFailed) {
                log.info("Breaker snapshots are written again");
            }
            lastWriteFailed = false;
        } catch (RuntimeException e) {
            if (!lastWriteFailed) {
                log.warn(
                        "Could not write breaker snapshots of {}; the API shows older state until a write"
                                + " succeeds: {}",
                        names,
                        e.toString());
            }
            lastWriteFailed = true;
        }
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    @Override
    public void start() {
        running = true;
        submit(this::writeAll);
    }

    /** Writes the final state, then stops the writer thread. */
    @Override
    public void stop() {
        running = false;
        submit(this::writeAll);
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before, and stops after, the worker heartbeat, which drains running jobs on stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }
}
