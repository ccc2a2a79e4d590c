package dev.connectorjobs.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds finished jobs straight into PostgreSQL, as the API and the workers would have left them:
 * {@code diagnostics}/{@code echo} jobs in SUCCESS with a small result and one attempt row each,
 * with version 7 UUIDs whose time part is their creation time (as {@code JobIds} makes them), created
 * over the {@value #SPREAD_DAYS} days before the seeding and finished a second or two later.
 *
 * <p>One {@code INSERT ... SELECT ... FROM generate_series} per {@value #CHUNK} rows, each its own
 * transaction, in creation order (so the primary key grows at its right-hand edge as in
 * production); then {@code VACUUM ANALYZE}, so the planner and the visibility map know the rows.
 */
final class HistorySeeder {

    static final int CHUNK = 1_000_000;
    static final int SPREAD_DAYS = 30;
    /** The newest seeded job was created this long before the seeding. */
    static final Duration NEWEST_AGE = Duration.ofHours(1);

    /** The API's client id column of seeded jobs, so they can be told apart from submitted ones. */
    static final String CLIENT_ID = "bench-history";

    private static final String SEED_CHUNK = """
            WITH seeded AS (
                SELECT g,
                       ?::timestamptz + (? * (g::double precision / ?)) * interval '1 second' AS created_at,
                       gen_random_uuid()::text AS random_id,
                       (50 + random() * 1950) * interval '1 millisecond' AS queued,
                       (5 + random() * 495) * interval '1 millisecond' AS ran
                  FROM generate_series(?::bigint, ?::bigint) AS g),
            job AS (
                INSERT INTO jobs (id, queue, connector, operation, params, status, attempt, retries_used,
                                  max_retries, timeout_seconds, correlation_id, client_id, request_hash, result,
                                  worker_id, created_at, updated_at, published_at, started_at, finished_at)
                SELECT (substr(millis, 1, 8) || '-' || substr(millis, 9, 4) || '-7' || substr(random_id, 16))::uuid,
                       'default', 'diagnostics', 'echo', jsonb_build_object('n', g), 'SUCCESS', 1, 0, 3, 120,
                       gen_random_uuid()::text, ?, encode(sha256(int8send(g)), 'hex'), jsonb_build_object('n', g),
                       'worker-' || (1 + g % 2), created_at, created_at + queued + ran, created_at + queued / 2,
                       created_at + queued, created_at + queued + ran
                  FROM (SELECT seeded.*,
                               lpad(to_hex((extract(epoch FROM created_at) * 1000)::bigint), 12, '0') AS millis
                          FROM seeded) AS timed
                RETURNING id, worker_id, started_at, finished_at)
            INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, duration_ms)
            SELECT id, 1, worker_id, started_at, finished_at, 'SUCCESS',
                   (extract(epoch FROM finished_at - started_at) * 1000)::bigint
              FROM job
            """;

    private HistorySeeder() {}

    /**
     * What a seeding did.
     *
     * @param before rows the jobs table held before, by the planner's estimate
     * @param seeded jobs inserted
     * @param seedSeconds how long the inserts took
     * @param vacuumSeconds how long {@code VACUUM ANALYZE} took afterwards (0 when nothing was seeded)
     */
    record Seeding(long before, long seeded, double seedSeconds, double vacuumSeconds) {

        double jobsPerSecond() {
            return seedSeconds > 0 ? seeded / seedSeconds : 0;
        }
    }

    /**
     * The size of a table with its indexes and TOAST, from {@code pg_total_relation_size}.
     *
     * @param rows the planner's estimate of its rows ({@code reltuples})
     */
    record TableSize(String table, long rows, long totalBytes, long tableBytes, long indexBytes) {}

    /** Jobs still to seed so that the table holds {@code target} rows, given {@code present}. */
    static long missing(long target, long present) {
        return Math.max(0, target - Math.max(0, present));
    }

    /** The planner's estimate of the rows of the jobs table: exact right after VACUUM ANALYZE. */
    static long estimatedJobs(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'jobs'::regclass")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Inserts {@code jobs} finished jobs, then runs {@code VACUUM ANALYZE} on both tables. Takes minutes
     * for millions of jobs; lifts the connection's network timeout meanwhile.
     */
    static Seeding seed(Connection connection, long before, long jobs, Instant now) throws SQLException {
        int networkTimeout = connection.getNetworkTimeout();
        connection.setNetworkTimeout(Runnable::run, 0);
        try {
            OffsetDateTime oldest = now.minus(Duration.ofDays(SPREAD_DAYS)).atOffset(ZoneOffset.UTC);
            double spreadSeconds =
                    Duration.ofDays(SPREAD_DAYS).minus(NEWEST_AGE).toSeconds();
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(SEED_CHUNK)) {
                for (long first = 0; first < jobs; first += CHUNK) {
                    long last = Math.min(jobs, first + CHUNK) - 1;
                    insert.setObject(1, oldest);
                    insert.setDouble(2, spreadSeconds);
                    insert.setLong(3, jobs);
                    insert.setLong(4, first);
                    insert.setLong(5, last);
                    insert.setString(6, CLIENT_ID);
                    insert.executeUpdate();
                    Bench.progress("seeded %d of %d history jobs (%.0f s)".formatted(last + 1, jobs, since(start)));
                }
            }
            double seedSeconds = since(start);
            long vacuumStart = System.nanoTime();
            try (Statement vacuum = connection.createStatement()) {
                vacuum.execute("VACUUM ANALYZE jobs");
                vacuum.execute("VACUUM ANALYZE job_attempts");
            }
            return new Seeding(before, jobs, seedSeconds, since(vacuumStart));
        } finally {
            connection.setNetworkTimeout(Runnable::run, networkTimeout);
        }
    }

    /** The sizes of the jobs and job_attempts tables. */
    static List<TableSize> sizes(Connection connection) throws SQLException {
        List<TableSize> sizes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT relname, greatest(reltuples, 0)::bigint, pg_total_relation_size(oid),
                               pg_table_size(oid), pg_indexes_size(oid)
                          FROM pg_class WHERE oid IN ('jobs'::regclass, 'job_attempts'::regclass) ORDER BY relname DESC
                        """)) {
            while (rows.next()) {
                sizes.add(new TableSize(
                        rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)));
            }
        }
        return sizes;
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
