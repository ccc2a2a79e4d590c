package dev.connectorjobs.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Group commit of single submissions, against the real schema. */
class JobInsertsTest {

    private static final DataSource DB = TestDatabase.get().dataSource();

    private final GatedRepository repository = new GatedRepository();
    private final JobInserts inserts = new JobInserts(repository);
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() {
        inserts.start();
    }

    @AfterEach
    void stop() {
        repository.open();
        inserts.stop();
        clients.close();
    }

    @Test
    void submissions_that_arrive_while_a_write_runs_share_the_next_statement() throws Exception {
        Future<Boolean> first = holdTheWriterWithAFirstSubmission();
        List<NewJob> rest = new ArrayList<>();
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            NewJob job = job(null);
            rest.add(job);
            answers.add(clients.submit(() -> inserts.insert(job)));
        }
        await().until(() -> inserts.queued() == 99);

        repository.open();

        assertThat(first.get()).isTrue();
        for (Future<Boolean> answer : answers) {
            assertThat(answer.get()).isTrue();
        }
        assertThat(repository.batchSizes()).containsExactly(1, 99);
        assertThat(stored(rest)).isEqualTo(99);
    }

    @Test
    void the_same_idempotency_key_twice_in_one_statement_stores_one_job() throws Exception {
        Future<Boolean> blocker = holdTheWriterWithAFirstSubmission();
        String key = "key-" + UUID.randomUUID();
        NewJob one = job(key);
        NewJob two = job(key);
        Future<Boolean> a = clients.submit(() -> inserts.insert(one));
        await().until(() -> inserts.queued() == 1);
        Future<Boolean> b = clients.submit(() -> inserts.insert(two));
        await().until(() -> inserts.queued() == 2);

        repository.open();

        assertThat(blocker.get()).isTrue();
        assertThat(a.get()).isTrue();
        assertThat(b.get()).isFalse();
        assertThat(repository.batchSizes()).containsExactly(1, 2);
        assertThat(stored(List.of(one, two))).isEqualTo(1);
    }

    @Test
    void a_row_the_database_refuses_fails_only_its_own_submission() throws Exception {
        Future<Boolean> blocker = holdTheWriterWithAFirstSubmission();
        NewJob good = job(null);
        // jsonb cannot store U+0000; the parser refuses it, so only a bug could send it this far.
        NewJob bad = job(null, Map.of("text", "a\u0000b"));
        NewJob alsoGood = job(null);
        Future<Boolean> goodAnswer = clients.submit(() -> inserts.insert(good));
        Future<Boolean> badAnswer = clients.submit(() -> inserts.insert(bad));
        Future<Boolean> alsoGoodAnswer = clients.submit(() -> inserts.insert(alsoGood));
        await().until(() -> inserts.queued() == 3);

        repository.open();

        assertThat(blocker.get()).isTrue();
        assertThat(goodAnswer.get()).isTrue();
        assertThat(alsoGoodAnswer.get()).isTrue();
        assertThatThrownBy(badAnswer::get).hasRootCauseMessage(rootMessageOfInsert(bad));
        assertThat(stored(List.of(good, bad, alsoGood))).isEqualTo(2);
    }

    @Test
    void after_stop_submissions_are_written_directly() {
        inserts.stop();
        NewJob job = job(null);

        assertThat(inserts.insert(job)).isTrue();
        assertThat(stored(List.of(job))).isEqualTo(1);
    }

    /** Submits one job whose write is held, so that what is submitted next queues behind it. */
    private Future<Boolean> holdTheWriterWithAFirstSubmission() {
        repository.holdFirstWrite();
        Future<Boolean> first = clients.submit(() -> inserts.insert(job(null)));
        await().until(() -> repository.writesStarted() == 1);
        return first;
    }

    private static String rootMessageOfInsert(NewJob job) {
        try {
            new JobRepository(
                            JdbcClient.create(DB),
                            new JdbcTemplate(DB),
                            JsonMapper.builder().build())
                    .insert(List.of(job));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getMessage();
        }
        throw new AssertionError("the database accepted a row it should refuse");
    }

    private static int stored(List<NewJob> jobs) {
        return JdbcClient.create(DB)
                .sql("SELECT count(*) FROM jobs WHERE id = ANY(?)")
                .param(jobs.stream().map(NewJob::id).toArray(UUID[]::new))
                .query(Integer.class)
                .single();
    }

    private static NewJob job(@Nullable String idempotencyKey) {
        return job(idempotencyKey, Map.of("message", "hello"));
    }

    private static NewJob job(@Nullable String idempotencyKey, Map<String, Object> params) {
        Instant now = Instant.now();
        return new NewJob(
                UUID.randomUUID(),
                new JobSubmission("diagnostics", "echo", params, 3, 60, "default", null, 5),
                "corr-" + UUID.randomUUID(),
                "client-1",
                idempotencyKey,
                "hash",
                now,
                now.plus(Duration.ofSeconds(5)));
    }

    /** The real repository, whose first write can be held so that others queue up behind it. */
    private static final class GatedRepository extends JobRepository {

        private final CountDownLatch gate = new CountDownLatch(1);
        private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        private volatile boolean hold;

        GatedRepository() {
            super(
                    JdbcClient.create(DB),
                    new JdbcTemplate(DB),
                    JsonMapper.builder().build());
        }

        void holdFirstWrite() {
            hold = true;
        }

        void open() {
            gate.countDown();
        }

        int writesStarted() {
            return batchSizes.size();
        }

        List<Integer> batchSizes() {
            return batchSizes;
        }

        @Override
        Set<UUID> insert(List<NewJob> batch) {
            batchSizes.add(batch.size());
            if (hold && batchSizes.size() == 1) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return super.insert(batch);
        }
    }
}
