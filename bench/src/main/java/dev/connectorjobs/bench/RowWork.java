package dev.connectorjobs.bench;

import static dev.connectorjobs.bench.RowStatements.ATTEMPT;
import static dev.connectorjobs.bench.RowStatements.CLAIM;
import static dev.connectorjobs.bench.RowStatements.CONFIRM;
import static dev.connectorjobs.bench.RowStatements.INSERT;
import static dev.connectorjobs.bench.RowStatements.NOTIFY;
import static dev.connectorjobs.bench.RowStatements.SUCCESSES;

import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.OutcomeNotifications;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code devstack bench-rows}: what PostgreSQL alone spends on the rows of a job's life. It runs
 * the statements of the hot path (the api-gateway's insert and publication confirmation, the
 * worker's claim, success update and attempt row) on one connection, a batch at a time, each in its
 * own transaction as in the running system, and measures PostgreSQL's CPU from {@code /proc}. With
 * no HTTP, Kafka or JVM around them, the result is the floor under PostgreSQL's share of a batch
 * run, and a quick way to compare schema changes: {@code --without-index} drops an index of {@code
 * jobs} in the bench's own schema first.
 *
 * <p>The statements are copies of the applications' ones (a test keeps them equal); only the
 * values differ: every job is a {@code diagnostics echo} with the bench's parameters.
 */
public final class RowWork {

    /** The schema the bench migrates and works in, so that dropping an index touches nothing else. */
    static final String SCHEMA = "bench_rows";

    /** The statements in the order a job meets them; the report's rows. */
    static final List<String> STEPS = List.of("insert", "confirm", "claim", "success");

    private static final String WORKER = "bench-rows-worker";
    private static final String PARAMS = "{\"message\":\"bench\",\"n\":1}";
    private static final String RESULT = "{\"echo\":{\"message\":\"bench\",\"n\":1}}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What a run measured.
     *
     * @param jobs jobs measured
     * @param indexes the indexes of {@code jobs} during the run
     * @param statementMicrosPerJob per step of {@link #STEPS}: wall-clock time of its statements and
     *     commit, per job of the run (a confirmation counts against all jobs, not the confirmed ones)
     * @param postgresCpuSeconds PostgreSQL's CPU (server, backends, WAL writer, autovacuum) during the
     *     run, counted over every PostgreSQL process of the machine; null without {@code /proc}
     * @param database per-job counters of the database (rows, WAL), as the bench reports them
     */
    public record Result(
            int jobs,
            List<String> indexes,
            Map<String, Double> statementMicrosPerJob,
            @Nullable Double postgresCpuSeconds,
            Map<String, Double> database) {

        /** PostgreSQL's CPU per job in microseconds, or null without {@code /proc}. */
        public @Nullable Double postgresMicrosPerJob() {
            return postgresCpuSeconds == null ? null : postgresCpuSeconds * 1e6 / jobs;
        }
    }

    private final RowWorkOptions options;
    private final Database database;

    public RowWork(RowWorkOptions options, Database database) {
        this.options = options;
        this.database = database;
    }

    /**
     * Migrates the bench's schema afresh (dropping what an earlier run left), drops the indexes
     * asked for, runs the warm-up and the measured jobs, and checks that every job ended SUCCESS
     * with one attempt row.
     *
     * @throws BenchUsageException when an index to drop does not exist
     * @throws IllegalStateException when the statements did not take every job through its life
     */
    public Result run() throws SQLException {
        try (Connection con = connect();
                Statement statement = con.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            con.commit();
        }
        Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .schemas(SCHEMA)
                .createSchemas(true)
                .load()
                .migrate();
        try (Connection con = connect()) {
            dropIndexes(con);
            List<String> indexes = indexes(con);
            lifecycle(con, options.warmup());
            try (Statement statement = con.createStatement()) {
                statement.execute("ANALYZE jobs, job_attempts");
            }
            con.commit();
            flushStatistics(con);
            ProcessCpu.Snapshot cpuBefore = ProcessCpu.take();
            var countersBefore = DatabaseActivity.take(con);
            con.commit();
            long[] nanos = lifecycle(con, options.jobs());
            ProcessCpu.Snapshot cpuAfter = ProcessCpu.take();
            flushStatistics(con);
            var countersAfter = DatabaseActivity.take(con);
            con.commit();
            checkEveryJobSucceededOnce(con, options.warmup() + options.jobs());
            Map<String, Double> micros = new LinkedHashMap<>();
            for (int step = 0; step < STEPS.size(); step++) {
                micros.put(STEPS.get(step), nanos[step] / 1e3 / options.jobs());
            }
            Double cpu = null;
            if (!cpuBefore.isEmpty()) {
                cpu = ProcessCpu.between(cpuBefore, cpuAfter)
                        .cpuSecondsByGroup()
                        .getOrDefault(ProcessCpu.POSTGRES, 0.0);
            }
            Map<String, Double> counters = countersBefore.isPresent() && countersAfter.isPresent()
                    ? DatabaseActivity.perJob(countersBefore.get(), countersAfter.get(), options.jobs())
                    : Map.of();
            return new Result(options.jobs(), indexes, micros, cpu, counters);
        }
    }

    /** Takes {@code jobs} jobs through their life; returns the time spent per step of {@link #STEPS}. */
    private long[] lifecycle(Connection con, int jobs) throws SQLException {
        long[] nanos = new long[STEPS.size()];
        try (PreparedStatement insert = con.prepareStatement(INSERT);
                PreparedStatement confirm = con.prepareStatement(CONFIRM);
                PreparedStatement claim = con.prepareStatement(CLAIM);
                PreparedStatement successes = con.prepareStatement(SUCCESSES);
                PreparedStatement attempts = con.prepareStatement(ATTEMPT);
                PreparedStatement notify = con.prepareStatement(NOTIFY)) {
            for (int done = 0; done < jobs; done += options.batch()) {
                int n = Math.min(options.batch(), jobs - done);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                List<UUID> ids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ids.add(JobIds.newId(now));
                }
                ids.sort(JobIds.LOCK_ORDER);
                long t0 = System.nanoTime();
                expectRows(insert(con, insert, ids, now), n, "insert");
                con.commit();
                long t1 = System.nanoTime();
                List<UUID> confirmed = ids.subList(0, n * options.confirmedPercent() / 100);
                if (!confirmed.isEmpty()) {
                    bind(con, confirm, 3, confirmed);
                    confirm.setTimestamp(1, Timestamp.from(now));
                    confirm.setTimestamp(2, Timestamp.from(now));
                    expectRows(confirm.executeUpdate(), confirmed.size(), "confirm");
                    con.commit();
                }
                long t2 = System.nanoTime();
                Instant started = Instant.now();
                claim.setString(1, WORKER);
                claim.setTimestamp(2, Timestamp.from(started));
                claim.setTimestamp(3, Timestamp.from(started));
                claim.setLong(4, 30_000); // the lease, in milliseconds after PostgreSQL's now()
                claim.setTimestamp(5, Timestamp.from(started));
                bind(con, claim, 6, ids);
                claim.setTimestamp(8, Timestamp.from(started));
                expectRows(drain(claim), n, "claim");
                con.commit();
                long t3 = System.nanoTime();
                Instant finished = Instant.now().truncatedTo(ChronoUnit.MICROS);
                bind(con, successes, 1, ids);
                successes.setArray(3, con.createArrayOf("text", filled(n, WORKER)));
                successes.setArray(4, con.createArrayOf("text", filled(n, RESULT)));
                successes.setArray(5, con.createArrayOf("bool", filled(n, Boolean.FALSE)));
                successes.setArray(6, con.createArrayOf("text", filled(n, finished.toString())));
                expectRows(drain(successes), n, "success");
                for (UUID id : ids) {
                    attempts.setObject(1, id);
                    attempts.setInt(2, 1);
                    attempts.setString(3, WORKER);
                    attempts.setTimestamp(4, Timestamp.from(started));
                    attempts.setTimestamp(5, Timestamp.from(finished));
                    attempts.setString(6, "SUCCESS");
                    attempts.setString(7, null);
                    attempts.setString(8, null);
                    attempts.setObject(9, null);
                    attempts.setLong(10, Math.max(0, finished.toEpochMilli() - started.toEpochMilli()));
                    attempts.addBatch();
                }
                attempts.executeBatch();
                for (String payload : OutcomeNotifications.payloads(ids)) {
                    notify.setString(1, payload);
                    notify.executeQuery().close();
                }
                con.commit();
                long t4 = System.nanoTime();
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
                nanos[3] += t4 - t3;
            }
        }
        return nanos;
    }

    private static int insert(Connection con, PreparedStatement insert, List<UUID> ids, Instant now)
            throws SQLException {
        int n = ids.size();
        Timestamp created = Timestamp.from(now);
        Timestamp dispatchAfter = Timestamp.from(now.plusSeconds(5));
        Object[] correlation = new Object[n];
        for (int i = 0; i < n; i++) {
            correlation[i] = ids.get(i).toString();
        }
        insert.setArray(1, con.createArrayOf("uuid", ids.toArray()));
        insert.setArray(2, con.createArrayOf("text", filled(n, "default")));
        insert.setArray(3, con.createArrayOf("text", filled(n, "diagnostics")));
        insert.setArray(4, con.createArrayOf("text", filled(n, "echo")));
        insert.setArray(5, con.createArrayOf("text", filled(n, PARAMS)));
        insert.setArray(6, con.createArrayOf("int4", filled(n, 3)));
        insert.setArray(7, con.createArrayOf("int4", filled(n, 300)));
        insert.setArray(8, con.createArrayOf("text", correlation));
        insert.setArray(9, con.createArrayOf("text", filled(n, "bench-rows")));
        insert.setArray(10, con.createArrayOf("text", new Object[n]));
        insert.setArray(11, con.createArrayOf("text", new Object[n]));
        insert.setArray(12, con.createArrayOf("timestamptz", filled(n, created)));
        insert.setArray(13, con.createArrayOf("timestamptz", filled(n, dispatchAfter)));
        insert.setArray(14, con.createArrayOf("text", new Object[n]));
        insert.setArray(15, con.createArrayOf("text", new Object[n]));
        insert.setArray(16, con.createArrayOf("timestamptz", new Object[n]));
        insert.setArray(17, con.createArrayOf("timestamptz", new Object[n]));
        insert.setArray(18, con.createArrayOf("text", new Object[n]));
        insert.setArray(19, con.createArrayOf("int2", filled(n, (short) 5)));
        return drain(insert);
    }

    /** Binds the ids and their attempt numbers (all 1) from {@code first} on. */
    private static void bind(Connection con, PreparedStatement statement, int first, List<UUID> ids)
            throws SQLException {
        statement.setArray(first, con.createArrayOf("uuid", ids.toArray()));
        statement.setArray(first + 1, con.createArrayOf("int4", filled(ids.size(), 1)));
    }

    private static Object[] filled(int n, Object value) {
        Object[] values = new Object[n];
        Arrays.fill(values, value);
        return values;
    }

    /** Runs a statement that returns rows and counts them, as the applications read them. */
    private static int drain(PreparedStatement statement) throws SQLException {
        int rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }

    private static void expectRows(int rows, int expected, String step) {
        if (rows != expected) {
            throw new IllegalStateException(
                    "bench-rows: the " + step + " statement changed " + rows + " rows instead of " + expected);
        }
    }

    private void dropIndexes(Connection con) throws SQLException {
        List<String> existing = indexes(con);
        for (String index : options.withoutIndexes()) {
            if (!existing.contains(index)) {
                throw new BenchUsageException(
                        "--without-index " + index + ": jobs has no such index; it has " + String.join(", ", existing));
            }
            try (Statement statement = con.createStatement()) {
                // The name matched RowWorkOptions' pattern and is one of the table's own indexes.
                statement.execute("DROP INDEX " + SCHEMA + "." + index);
            }
        }
        con.commit();
    }

    /**
     * Makes this backend publish its row counters when the transaction ends: it would otherwise do
     * so at most once a second, and a short run's last statements would be missing from them.
     */
    private static void flushStatistics(Connection con) throws SQLException {
        try (Statement statement = con.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
        }
        con.commit();
    }

    private static List<String> indexes(Connection con) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = con.prepareStatement(
                "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = 'jobs' ORDER BY indexname")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static void checkEveryJobSucceededOnce(Connection con, int expected) throws SQLException {
        try (Statement statement = con.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT count(*) FILTER (WHERE j.status = 'SUCCESS'), count(*), count(a.job_id)
                          FROM jobs j LEFT JOIN job_attempts a ON a.job_id = j.id
                        """)) {
            rs.next();
            long succeeded = rs.getLong(1);
            long rows = rs.getLong(2);
            long attempts = rs.getLong(3);
            if (succeeded != expected || rows != expected || attempts != expected) {
                throw new IllegalStateException(
                        "bench-rows: expected %d jobs SUCCESS with one attempt row each, found %d jobs, %d SUCCESS, %d attempt rows"
                                .formatted(expected, rows, succeeded, attempts));
            }
        }
        con.commit();
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", "devstack-bench-rows");
        properties.setProperty("currentSchema", SCHEMA);
        // As the applications' pools have it: a JDBC batch of inserts becomes one multi-row insert.
        properties.setProperty("reWriteBatchedInserts", "true");
        Connection con = DriverManager.getConnection(database.url(), properties);
        con.setAutoCommit(false);
        return con;
    }

    /** The report for people, one line per statement, then {@code ROWS {json}}. */
    public static List<String> report(RowWorkOptions options, Result result) {
        List<String> lines = new ArrayList<>();
        lines.add("bench-rows: %d jobs in batches of %d, %d %% confirmed before their claim; indexes of jobs: %s"
                .formatted(
                        result.jobs(),
                        options.batch(),
                        options.confirmedPercent(),
                        String.join(", ", result.indexes())));
        lines.add("bench-rows: statement time per job (µs, statement and commit, one connection):");
        double total = 0;
        for (Map.Entry<String, Double> step : result.statementMicrosPerJob().entrySet()) {
            lines.add(String.format(Locale.ROOT, "bench-rows:   %-10s %8.1f", step.getKey(), step.getValue()));
            total += step.getValue();
        }
        lines.add(String.format(Locale.ROOT, "bench-rows:   %-10s %8.1f", "all", total));
        Double micros = result.postgresMicrosPerJob();
        if (micros != null) {
            lines.add(String.format(
                    Locale.ROOT,
                    "bench-rows: PostgreSQL CPU %.2f core-s, %.1f µs per job: at 15,000 jobs/s, %.2f cores for PostgreSQL alone",
                    result.postgresCpuSeconds(),
                    micros,
                    micros * 15_000 / 1e6));
        }
        Map<String, Double> db = result.database();
        if (db.containsKey("wal_bytes_per_job")) {
            lines.add(String.format(
                    Locale.ROOT,
                    "bench-rows: per job %.2f rows inserted, %.2f rows updated, %.0f WAL bytes",
                    db.get("rows_inserted_per_job"),
                    db.get("rows_updated_per_job"),
                    db.get("wal_bytes_per_job")));
        }
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("jobs", result.jobs());
        json.put("warmup", options.warmup());
        json.put("batch", options.batch());
        json.put("confirmed_pct", options.confirmedPercent());
        json.put("indexes", result.indexes());
        json.put("statement_us_per_job", result.statementMicrosPerJob());
        json.put("postgres_cpu_s", result.postgresCpuSeconds());
        json.put("postgres_cpu_us_per_job", micros);
        json.put("postgres", db);
        lines.add("ROWS " + JSON.writeValueAsString(json));
        return lines;
    }
}
