package dev.connectorjobs.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.model.job.OutcomeNotifications;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.database.DatabaseGuard;
import dev.connectorjobs.worker.database.DatabaseGuards;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The write-behind outcome writer against a real PostgreSQL: batching, fencing, bad rows, outages. */
class OutcomeWriterIntegrationTest {

    private static final String WORKER = "outcome-writer-test";
    private static final Clock CLOCK = Clock.systemUTC();

    private final List<OutcomeWriter> writers = new ArrayList<>();

    @AfterEach
    void stopWriters() {
        writers.forEach(OutcomeWriter::stop);
    }

    @Test
    void concurrent_outcomes_are_written_in_fewer_transactions_than_outcomes() {
        OutcomeWriter writer = startedWriter(TestDatabase.get().dataSource(), guard(Map.of()));
        ClaimedJob blocker = startedJob();
        List<ClaimedJob> jobs = startedJobs(50);
        long batchesBefore = writer.batches();

        List<CompletableFuture<Boolean>> results = queuedBehind(writer, blocker, succeeded(jobs), () -> {});

        assertThat(results).allSatisfy(r -> assertThat(r.join()).isTrue());
        assertThat(writer.batches() - batchesBefore).isEqualTo(2);
        jobs.forEach(OutcomeWriterIntegrationTest::assertSucceededOnce);
    }

    @Test
    void a_committed_batch_notifies_the_outcomes_channel_once_and_a_fenced_off_write_alone_does_not() throws Exception {
        DataSource dataSource = TestDatabase.get().dataSource();
        OutcomeWriter writer = startedWriter(dataSource, guard(Map.of()));
        Connection listener = dataSource.getConnection();
        try {
            listener.createStatement().execute("LISTEN " + OutcomeNotifications.CHANNEL);
            PGConnection pg = listener.unwrap(PGConnection.class);
            pg.getNotifications(10); // nothing before
            ClaimedJob fenced = startedJob();
            StartedJobs.markReaped(fenced);

            assertThat(writer.write(succeeded(fenced))).isFalse();
            assertThat(pg.getNotifications(300)).isNullOrEmpty();

            assertThat(writer.write(succeeded(startedJob()))).isTrue();
            PGNotification[] notified = pg.getNotifications(10_000);
            assertThat(notified).hasSize(1);
            assertThat(notified[0].getName()).isEqualTo(OutcomeNotifications.CHANNEL);
        } finally {
            listener.createStatement().execute("UNLISTEN *"); // a pooled connection would keep it
            listener.close();
        }
    }

    @Test
    void a_fenced_off_write_in_a_batch_returns_false_while_the_others_of_every_kind_apply() {
        OutcomeWriter writer = startedWriter(TestDatabase.get().dataSource(), guard(Map.of()));
        ClaimedJob blocker = startedJob();
        ClaimedJob fenced = startedJob();
        StartedJobs.markReaped(fenced);
        ClaimedJob succeeds = startedJob();
        ClaimedJob retries = startedJob();
        ClaimedJob fails = startedJob();
        ClaimedJob handedBack = startedJob();
        Instant now = CLOCK.instant();
        Outcome.Failed failure = Outcome.Failed.retryable("Boom", "it broke");

        List<CompletableFuture<Boolean>> results = queuedBehind(
                writer,
                blocker,
                List.of(
                        succeeded(fenced),
                        succeeded(succeeds),
                        OutcomeWrite.retrying(retries, WORKER, failure, now.plusSeconds(60), true, now),
                        OutcomeWrite.failed(fails, WORKER, failure, now),
                        OutcomeWrite.handedBack(handedBack, WORKER, "shut down", now)),
                () -> {});

        assertThat(results).extracting(CompletableFuture::join).containsExactly(true, false, true, true, true, true);
        assertThat(JobRows.job(fenced.id()).status()).isEqualTo("PENDING");
        assertThat(JobRows.attempts(fenced.id())).isEmpty();
        assertThat(JobRows.job(succeeds.id()).status()).isEqualTo("SUCCESS");
        assertThat(JobRows.job(retries.id()).status()).isEqualTo("RETRY");
        assertThat(JobRows.job(retries.id()).retriesUsed()).isEqualTo(1);
        assertThat(JobRows.job(fails.id()).status()).isEqualTo("FAILURE");
        assertThat(JobRows.job(handedBack.id()).status()).isEqualTo("PENDING");
        assertThat(JobRows.job(handedBack.id()).attempt()).isEqualTo(2);
        assertThat(List.of(succeeds, retries, fails, handedBack))
                .extracting(job -> JobRows.attempts(job.id()).getFirst().outcome())
                .containsExactly("SUCCESS", "RETRY", "FAILURE", "HANDED_BACK");
    }

    @Test
    void successes_of_one_batch_store_their_own_result_flag_and_time_and_the_fence_holds_per_row() {
        OutcomeWriter writer = startedWriter(TestDatabase.get().dataSource(), guard(Map.of()));
        ClaimedJob blocker = startedJob();
        ClaimedJob plain = startedJob();
        ClaimedJob truncated = startedJob();
        ClaimedJob noResult = startedJob();
        ClaimedJob otherWorkers = startedJob();
        ClaimedJob staleAttempt = startedJob();
        StartedJobs.markReaped(staleAttempt);
        Instant first = CLOCK.instant().truncatedTo(ChronoUnit.MICROS).plusSeconds(1);
        Instant second = first.plusMillis(250);

        List<CompletableFuture<Boolean>> results = queuedBehind(
                writer,
                blocker,
                List.of(
                        OutcomeWrite.succeeded(plain, WORKER, "{\"n\": 1}", false, first),
                        OutcomeWrite.succeeded(truncated, WORKER, "{\"n\": 2}", true, second),
                        OutcomeWrite.succeeded(noResult, WORKER, null, false, second),
                        OutcomeWrite.succeeded(otherWorkers, "another-worker", "{\"n\": 3}", false, second),
                        OutcomeWrite.succeeded(staleAttempt, WORKER, "{\"n\": 4}", false, second)),
                () -> {});

        assertThat(results).extracting(CompletableFuture::join).containsExactly(true, true, true, true, false, false);
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
        String row = "SELECT status || ' ' || coalesce(result::text, 'null') || ' ' || result_truncated || ' '"
                + " || (finished_at = ?) || ' ' || (updated_at = ?) || ' ' || (lease_expires_at IS NULL)"
                + " FROM jobs WHERE id = ?";
        assertThat(jdbc.queryForObject(row, String.class, Timestamp.from(first), Timestamp.from(first), plain.id()))
                .isEqualTo("SUCCESS {\"n\": 1} false true true true");
        assertThat(jdbc.queryForObject(
                        row, String.class, Timestamp.from(second), Timestamp.from(second), truncated.id()))
                .isEqualTo("SUCCESS {\"n\": 2} true true true true");
        assertThat(jdbc.queryForObject(
                        row, String.class, Timestamp.from(second), Timestamp.from(second), noResult.id()))
                .isEqualTo("SUCCESS null false true true true");
        assertThat(JobRows.attempts(plain.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("SUCCESS");
            assertThat(a.finishedAt()).isEqualTo(first);
        });
        assertThat(JobRows.job(otherWorkers.id()).status()).isEqualTo("STARTED");
        assertThat(JobRows.attempts(otherWorkers.id())).isEmpty();
        assertThat(JobRows.job(staleAttempt.id()).status()).isEqualTo("PENDING");
        assertThat(JobRows.attempts(staleAttempt.id())).isEmpty();
    }

    @Test
    void a_write_the_database_rejects_fails_alone_and_the_rest_of_its_batch_applies() {
        OutcomeWriter writer = startedWriter(TestDatabase.get().dataSource(), guard(Map.of()));
        ClaimedJob blocker = startedJob();
        ClaimedJob before = startedJob();
        ClaimedJob poisoned = startedJob();
        ClaimedJob after = startedJob();
        OutcomeWrite overflow = OutcomeWrite.succeeded(
                poisoned, WORKER, "{\"n\":1e200000}", false, CLOCK.instant()); // beyond jsonb's numeric range

        List<CompletableFuture<Boolean>> results =
                queuedBehind(writer, blocker, List.of(succeeded(before), overflow, succeeded(after)), () -> {});

        assertThat(results.get(1).join()).isTrue();
        assertThat(results.get(3).join()).isTrue();
        RuntimeException rejected = catchRuntimeException(results.get(2)::join);
        assertThat(rejected).hasRootCauseInstanceOf(SQLException.class);
        assertThat(DatabaseGuard.isOutage(rejected)).isFalse();
        assertThat(JobRows.job(poisoned.id()).status()).isEqualTo("STARTED");
        assertThat(JobRows.attempts(poisoned.id())).isEmpty();
        assertSucceededOnce(before);
        assertSucceededOnce(after);
    }

    @Test
    void an_outage_fails_the_whole_batch_counting_once_and_the_retry_applies_it() {
        TestDatabase db = TestDatabase.get();
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            SettableClock clock = SettableClock.atNow();
            BreakerRegistry breakers = Breakers.registry(
                    clock,
                    Map.of(
                            "jobs.breakers.database.failure-threshold", "3",
                            "jobs.breakers.database.reset-timeout", "1m"));
            DatabaseGuard guard = DatabaseGuards.guard(breakers, clock);
            OutcomeWriter writer = startedWriter(viaProxy(db, proxy), guard);
            ClaimedJob blocker = startedJob();
            List<ClaimedJob> jobs = startedJobs(5);

            List<CompletableFuture<Boolean>> results = queuedBehind(writer, blocker, succeeded(jobs), proxy::cut);
            await().until(() -> results.stream().allMatch(CompletableFuture::isDone));

            assertThat(results)
                    .allSatisfy(r -> assertThat(DatabaseGuard.isOutage(catchRuntimeException(r::join)))
                            .isTrue());
            assertThat(breakers.get(BreakerDefaults.DATABASE).state()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(catchRuntimeException(() -> writer.write(succeeded(blocker))))
                    .satisfies(e -> assertThat(DatabaseGuard.isOutage(e)).isTrue());
            assertThat(breakers.get(BreakerDefaults.DATABASE).state()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(catchRuntimeException(() -> writer.write(succeeded(blocker))))
                    .isInstanceOf(CircuitOpenException.class);
            proxy.restore();
            clock.advance(Duration.ofMinutes(2)); // the breaker half-opens

            Instant giveUpAt = clock.instant().plusSeconds(30);
            for (ClaimedJob job : concat(blocker, jobs)) {
                assertThat(guard.retryGuardedUntil(() -> writer.write(succeeded(job)), giveUpAt))
                        .isTrue();
                assertSucceededOnce(job);
            }
        }
    }

    @Test
    void a_write_retried_through_an_outage_applies_once_the_database_is_back() {
        TestDatabase db = TestDatabase.get();
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            DatabaseGuard guard = guard(Map.of("jobs.breakers.database.failure-threshold", "100"));
            OutcomeWriter writer = startedWriter(viaProxy(db, proxy), guard);
            ClaimedJob job = startedJob();
            proxy.cut();
            long batchesBefore = writer.batches();

            CompletableFuture<Boolean> retried = CompletableFuture.supplyAsync(
                    () -> guard.retryGuardedUntil(
                            () -> writer.write(succeeded(job)), CLOCK.instant().plusSeconds(60)),
                    Executors.newVirtualThreadPerTaskExecutor());
            await().until(() -> writer.batches() > batchesBefore);
            proxy.restore();

            assertThat(retried.join()).isTrue();
            assertSucceededOnce(job);
        }
    }

    @Test
    void stopping_writes_what_is_queued_and_later_writes_go_straight_to_the_database() {
        OutcomeWriter writer = startedWriter(TestDatabase.get().dataSource(), guard(Map.of()));
        ClaimedJob blocker = startedJob();
        List<ClaimedJob> jobs = startedJobs(5);
        ClaimedJob late = startedJob();

        CompletableFuture<Void> stopped = new CompletableFuture<>();
        List<CompletableFuture<Boolean>> results = queuedBehind(writer, blocker, succeeded(jobs), () -> {
            Thread.ofVirtual().start(() -> {
                writer.stop();
                stopped.complete(null);
            });
            await().until(() -> !writer.isRunning());
        });
        stopped.join();

        assertThat(results).allSatisfy(r -> assertThat(r.join()).isTrue());
        long batches = writer.batches();
        assertThat(writer.write(succeeded(late))).isTrue();
        assertThat(writer.batches()).isEqualTo(batches + 1);
        concat(late, jobs).forEach(OutcomeWriterIntegrationTest::assertSucceededOnce);
    }

    private OutcomeWriter startedWriter(DataSource dataSource, DatabaseGuard guard) {
        OutcomeRepository repository = new OutcomeRepository(
                new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        OutcomeWriter writer = new OutcomeWriter(repository, guard);
        writer.start();
        writers.add(writer);
        return writer;
    }

    private static DatabaseGuard guard(Map<String, String> properties) {
        return DatabaseGuards.guard(Breakers.registry(CLOCK, properties), CLOCK);
    }

    private static DataSource viaProxy(TestDatabase db, TcpProxy proxy) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.urlVia("127.0.0.1", proxy.port()));
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        dataSource.setConnectTimeout(2);
        return dataSource;
    }

    private static ClaimedJob startedJob() {
        return StartedJobs.startedJob(WORKER);
    }

    private static List<ClaimedJob> startedJobs(int count) {
        return IntStream.range(0, count).mapToObj(i -> startedJob()).toList();
    }

    private static OutcomeWrite succeeded(ClaimedJob job) {
        return OutcomeWrite.succeeded(job, WORKER, "{\"ok\":true}", false, CLOCK.instant());
    }

    private static List<OutcomeWrite> succeeded(List<ClaimedJob> jobs) {
        return jobs.stream().map(OutcomeWriterIntegrationTest::succeeded).toList();
    }

    private static CompletableFuture<Boolean> writeAsync(OutcomeWriter writer, OutcomeWrite write) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(writer.write(write));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Writes {@code blocker}'s outcome while another transaction holds its row, so that the writer
     * is busy with it and {@code writes} queue up behind it into one batch; runs {@code whileQueued}
     * before the row is released.
     *
     * @return the results: {@code blocker}'s first, then those of {@code writes} in order
     */
    private static List<CompletableFuture<Boolean>> queuedBehind(
            OutcomeWriter writer, ClaimedJob blocker, List<OutcomeWrite> writes, Runnable whileQueued) {
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        long batchesBefore = writer.batches();
        holdingRowLock(blocker, () -> {
            results.add(writeAsync(writer, succeeded(blocker)));
            await().until(() -> writer.batches() > batchesBefore); // the writer took the blocker's write alone
            writes.forEach(write -> results.add(writeAsync(writer, write)));
            await().until(() -> writer.queued() == writes.size());
            whileQueued.run();
        });
        return results;
    }

    private static void assertSucceededOnce(ClaimedJob job) {
        assertThat(JobRows.job(job.id()).status()).isEqualTo("SUCCESS");
        assertThat(JobRows.attempts(job.id()))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("SUCCESS"));
    }

    /**
     * Runs {@code whileHeld} while another transaction holds the lock of {@code job}'s row, so a
     * write of that job keeps the writer busy and what is written meanwhile queues up.
     */
    private static void holdingRowLock(ClaimedJob job, Runnable whileHeld) {
        try (Connection connection = TestDatabase.get().dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT 1 FROM jobs WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, job.id());
                lock.executeQuery().close();
            }
            try {
                whileHeld.run();
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ClaimedJob> concat(ClaimedJob first, List<ClaimedJob> rest) {
        List<ClaimedJob> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
