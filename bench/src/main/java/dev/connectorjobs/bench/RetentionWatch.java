package dev.connectorjobs.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the retention sweep from PostgreSQL's statistics: rows deleted from the jobs table ({@code
 * pg_stat_user_tables.n_tup_del}), sampled every {@value #INTERVAL_MS} ms on a connection of its
 * own. The bench deletes nothing itself, so every deleted row is the sweeper's. PostgreSQL publishes
 * a backend's counts about once a second, so figures are good to about a second.
 */
final class RetentionWatch implements AutoCloseable {

    static final long INTERVAL_MS = 500;

    private final Connection connection;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /**
     * A reading of the deletion counter.
     *
     * @param nanos when, on the {@link System#nanoTime()} scale
     * @param deleted rows deleted from jobs since the statistics were reset
     */
    record Sample(long nanos, long deleted) {}

    /**
     * The sweep as the samples show it.
     *
     * @param deleted rows deleted while the bench watched
     * @param activeSeconds from the last sample before the first deletion to the sample that saw the last
     *     one
     */
    record Sweep(long deleted, double activeSeconds) {

        double rowsPerSecond() {
            return activeSeconds > 0 ? deleted / activeSeconds : 0;
        }
    }

    private RetentionWatch(Connection connection) {
        this.connection = connection;
        this.thread = Thread.ofPlatform().name("bench-retention-watch").daemon().unstarted(this::poll);
    }

    static RetentionWatch start(Database database) throws SQLException {
        RetentionWatch watch = new RetentionWatch(database.connect());
        watch.samples.add(new Sample(System.nanoTime(), watch.read()));
        watch.thread.start();
        return watch;
    }

    /** Rows deleted from jobs so far, by the latest sample. */
    long deleted() {
        return samples.getLast().deleted();
    }

    Sweep sweep() {
        return summarize(new ArrayList<>(samples));
    }

    /** The sweep seen in samples taken in order. */
    static Sweep summarize(List<Sample> samples) {
        if (samples.size() < 2) {
            return new Sweep(0, 0);
        }
        int firstChange = -1;
        int lastChange = -1;
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).deleted() > samples.get(i - 1).deleted()) {
                firstChange = firstChange < 0 ? i : firstChange;
                lastChange = i;
            }
        }
        if (firstChange < 0) {
            return new Sweep(0, 0);
        }
        long deleted = samples.get(lastChange).deleted() - samples.getFirst().deleted();
        long nanos =
                samples.get(lastChange).nanos() - samples.get(firstChange - 1).nanos();
        return new Sweep(deleted, nanos / 1e9);
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(Duration.ofMillis(INTERVAL_MS));
                samples.add(new Sample(System.nanoTime(), read()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            Bench.progress("stopped watching the retention sweep: " + e.getMessage());
        }
    }

    private long read() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT n_tup_del FROM pg_stat_user_tables WHERE relid = 'jobs'::regclass")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // Nothing left to read from it.
        }
    }
}
