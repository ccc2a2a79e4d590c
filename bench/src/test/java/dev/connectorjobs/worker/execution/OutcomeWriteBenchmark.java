package dev.connectorjobs.worker.execution;

import ch.qos.logback.classic.Level;
import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.database.DatabaseGuard;
import dev.connectorjobs.worker.database.DatabaseGuards;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures outcome writes from many job threads: one transaction per outcome (as before the
 * write-behind writer) against the {@link OutcomeWriter}'s group commit, on the embedded PostgreSQL
 * with the worker's default pool of 8 connections. It prints throughput, transactions per outcome
 * and the CPU time this JVM spent per outcome. Not a test: run its main.
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -pl bench -am \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp bench/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.connectorjobs.worker.execution.OutcomeWriteBenchmark [outcomes] [threads]
 * </pre>
 *
 * <p>{@code -DreWriteBatchedInserts=true} turns on pgjdbc's multi-row rewrite of the batched
 * {@code job_attempts} inserts. The machine's other load moves the figures by tens of percent
 * between runs: compare the two lines of one run.
 */
public final class OutcomeWriteBenchmark {

    private static final String WORKER = "benchmark-worker";
    private static final Clock CLOCK = Clock.systemUTC();

    private OutcomeWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        int outcomes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        TestDatabase db = TestDatabase.get();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
            pool.setMaximumPoolSize(8);
            pool.addDataSourceProperty("reWriteBatchedInserts", Boolean.getBoolean("reWriteBatchedInserts"));
            // 256 threads queue for 8 connections when each outcome has its own transaction.
            pool.setConnectionTimeout(Duration.ofMinutes(5).toMillis());
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            OutcomeRepository repository =
                    new OutcomeRepository(jdbc, new TransactionTemplate(new DataSourceTransactionManager(pool)));
            DatabaseGuard guard = DatabaseGuards.guard(Breakers.registry(CLOCK, Map.of()), CLOCK);
            OutcomeWriter writer = new OutcomeWriter(repository, guard);
            writer.start();
            AtomicLong singles = new AtomicLong();
            Predicate<OutcomeWrite> oneByOne = write -> {
                singles.incrementAndGet();
                return guard.run(() -> repository.apply(List.of(write)).getFirst());
            };
            try {
                for (int round = 0; round < 2; round++) {
                    String label = round == 0 ? "warm-up " : "";
                    long before = singles.get();
                    report(
                            label + "one transaction per outcome",
                            outcomes,
                            threads,
                            jdbc,
                            oneByOne,
                            () -> singles.get() - before);
                    long batchesBefore = writer.batches();
                    report(
                            label + "write-behind group commit  ",
                            outcomes,
                            threads,
                            jdbc,
                            writer::write,
                            () -> writer.batches() - batchesBefore);
                }
            } finally {
                writer.stop();
            }
        }
    }

    private static void report(
            String label,
            int outcomes,
            int threads,
            JdbcTemplate jdbc,
            Predicate<OutcomeWrite> write,
            LongSupplier transactions)
            throws Exception {
        List<ClaimedJob> jobs = startedJobs(jdbc, outcomes);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long applied = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = IntStream.range(0, threads)
                    .mapToObj(t -> executor.submit(() -> IntStream.range(0, jobs.size())
                            .filter(i -> i % threads == t)
                            .filter(i -> write.test(succeeded(jobs.get(i))))
                            .count()))
                    .toList();
            for (Future<Long> f : done) {
                applied += f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicrosPerOutcome = (os.getProcessCpuTime() - cpuStart) / 1e3 / outcomes;
        System.out.printf(
                "%s: %d outcomes (%d applied) from %d threads in %.2f s = %.0f outcomes/s, %d transactions"
                        + " = %.3f per outcome, this JVM's CPU %.0f us per outcome%n",
                label,
                outcomes,
                applied,
                threads,
                seconds,
                outcomes / seconds,
                transactions.getAsLong(),
                (double) transactions.getAsLong() / outcomes,
                cpuMicrosPerOutcome);
    }

    private static OutcomeWrite succeeded(ClaimedJob job) {
        return OutcomeWrite.succeeded(job, WORKER, "{\"ok\":true,\"items\":[1,2,3]}", false, CLOCK.instant());
    }

    private static List<ClaimedJob> startedJobs(JdbcTemplate jdbc, int count) {
        Instant startedAt = CLOCK.instant();
        return jdbc.queryForList("""
                        INSERT INTO jobs (id, queue, connector, operation, params, status, attempt, max_retries,
                                          timeout_seconds, correlation_id, created_at, updated_at, worker_id,
                                          started_at, lease_expires_at)
                        SELECT gen_random_uuid(), 'benchmark', 'diagnostics', 'echo', '{}', 'STARTED', 1, 3, 120,
                               'benchmark', now(), now(), ?, now(), now() + interval '1 hour'
                          FROM generate_series(1, ?)
                        RETURNING id
                        """, UUID.class, WORKER, count).stream()
                .map(id -> new ClaimedJob(
                        id,
                        1,
                        "benchmark",
                        "diagnostics",
                        "echo",
                        Map.of(),
                        120,
                        3,
                        0,
                        "benchmark",
                        startedAt,
                        null,
                        startedAt,
                        startedAt))
                .toList();
    }
}
