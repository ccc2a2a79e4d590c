package dev.connectorjobs.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Waits until every accepted job is terminal, asking PostgreSQL in bulk rather than the API job by
 * job. Jobs finish roughly in submission order, so it asks about a window of the oldest unfinished
 * jobs at a time: a window that is all done is dropped and the next one asked about at once;
 * otherwise it asks again after a short pause. Each poll costs at most one index probe per job in
 * the window, however many jobs the run has, so the poller adds little load to the database it
 * measures.
 *
 * <p>A job without a row is lost, not late: the API commits the row before it answers 202.
 */
final class CompletionWaiter {

    static final int WINDOW = 5_000;
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private static final String POLL =
            "SELECT id, status IN " + JobStates.TERMINAL_SQL + " AS terminal FROM jobs WHERE id = ANY(?)";

    /**
     * How the wait ended.
     *
     * @param terminal jobs found in a terminal state
     * @param missing accepted jobs without a row
     * @param unfinished jobs still not terminal when the deadline passed
     */
    record Completion(int terminal, int missing, int unfinished) {

        boolean timedOut() {
            return unfinished > 0;
        }
    }

    private final Connection connection;

    CompletionWaiter(Connection connection) {
        this.connection = connection;
    }

    Completion await(List<UUID> ids, Deadline deadline) throws SQLException, InterruptedException {
        Deque<UUID> pending = new ArrayDeque<>(ids);
        int terminal = 0;
        int missing = 0;
        long nextProgress = System.nanoTime() + PROGRESS_INTERVAL_NANOS;
        try (PreparedStatement poll = connection.prepareStatement(POLL)) {
            while (!pending.isEmpty()) {
                List<UUID> window = take(pending);
                Map<UUID, Boolean> found = poll(poll, window);
                List<UUID> unfinished = new ArrayList<>();
                for (UUID id : window) {
                    Boolean done = found.get(id);
                    if (done == null) {
                        missing++;
                    } else if (done) {
                        terminal++;
                    } else {
                        unfinished.add(id);
                    }
                }
                unfinished.reversed().forEach(pending::addFirst);
                if (unfinished.isEmpty()) {
                    continue;
                }
                if (deadline.hasPassed()) {
                    return new Completion(terminal, missing, pending.size());
                }
                if (System.nanoTime() - nextProgress > 0) {
                    Bench.progress("waiting: %d of %d jobs finished".formatted(terminal, ids.size()));
                    nextProgress += PROGRESS_INTERVAL_NANOS;
                }
                Thread.sleep(POLL_INTERVAL);
            }
        }
        return new Completion(terminal, missing, 0);
    }

    private static List<UUID> take(Deque<UUID> pending) {
        List<UUID> window = new ArrayList<>(Math.min(WINDOW, pending.size()));
        while (window.size() < WINDOW && !pending.isEmpty()) {
            window.add(pending.removeFirst());
        }
        return window;
    }

    private Map<UUID, Boolean> poll(PreparedStatement poll, List<UUID> window) throws SQLException {
        Map<UUID, Boolean> found = new HashMap<>();
        Array array = connection.createArrayOf("uuid", window.toArray());
        try {
            poll.setArray(1, array);
            try (ResultSet rows = poll.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getObject(1, UUID.class), rows.getBoolean(2));
                }
            }
        } finally {
            array.free();
        }
        return found;
    }
}
