package dev.connectorjobs.devstack;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * Counts the workers of this stack that have registered in the {@code workers} table and heartbeat.
 * A row counts only when its pid is the one of the process this devstack started, so rows left by
 * an earlier run (same worker id, recent heartbeat) are never mistaken for a live worker.
 */
final class WorkerRegistrations {

    private static final String COUNT_LIVE_WORKERS = """
            SELECT count(*)
              FROM workers w
              JOIN unnest(?::text[], ?::bigint[]) AS started(id, pid)
                ON w.id = started.id AND w.pid = started.pid
             WHERE w.stopped_at IS NULL
               AND w.last_heartbeat > now() - interval '30 seconds'
            """;

    private final DatabaseEndpoint database;

    WorkerRegistrations(DatabaseEndpoint database) {
        this.database = database;
    }

    /** How many of {@code workers} have registered and heartbeat within the last 30 seconds. */
    int countLive(List<ChildProcess> workers) throws Exception {
        return countLive(
                workers.stream().map(ChildProcess::name).toArray(),
                workers.stream().map(ChildProcess::pid).toArray());
    }

    /** Whether the worker {@code workerId} with process id {@code pid} has registered and heartbeats. */
    boolean isLive(String workerId, long pid) throws Exception {
        return countLive(new Object[] {workerId}, new Object[] {pid}) == 1;
    }

    private int countLive(Object[] workerIds, Object[] workerPids) throws Exception {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(COUNT_LIVE_WORKERS)) {
            Array ids = connection.createArrayOf("text", workerIds);
            Array pids = connection.createArrayOf("bigint", workerPids);
            statement.setArray(1, ids);
            statement.setArray(2, pids);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
