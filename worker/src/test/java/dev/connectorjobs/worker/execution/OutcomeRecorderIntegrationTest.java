package dev.connectorjobs.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.config.WorkerProperties;
import dev.connectorjobs.worker.database.DatabaseGuard;
import dev.connectorjobs.worker.database.DatabaseGuards;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outcomes that PostgreSQL cannot take as they are, recorded against a real PostgreSQL: a NUL is
 * stored escaped, anything else it refuses ends the job FAILURE once, and only an unreachable
 * database leaves the job STARTED for the reaper.
 */
class OutcomeRecorderIntegrationTest {

    private static final String WORKER = "outcome-recorder-test";
    private static final Clock CLOCK = Clock.systemUTC();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<OutcomeWriter> writers = new ArrayList<>();
    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());

    @AfterEach
    void stopWriters() {
        writers.forEach(OutcomeWriter::stop);
    }

    @Test
    void a_result_with_nul_in_its_keys_and_values_is_stored_as_success_with_the_escape_shown_literally() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        Map<String, Object> result = Map.of("na\0me", "va\0lue", "rows", List.of(Map.of("\0", "x\0\0y")));

        recorder(TestDatabase.get().dataSource(), Duration.ofSeconds(30)).record(job, new Outcome.Succeeded(result));

        JobRows.JobRow row = JobRows.job(job.id());
        assertThat(row.status()).isEqualTo("SUCCESS");
        JsonNode stored = JSON.readTree(row.result());
        assertThat(stored.get("na\\u0000me").asString()).isEqualTo("va\\u0000lue");
        assertThat(stored.get("rows").get(0).get("\\u0000").asString()).isEqualTo("x\\u0000\\u0000y");
        assertThat(JobRows.attempts(job.id()))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("SUCCESS"));
    }

    @Test
    void error_text_with_nul_is_stored_escaped_in_the_job_and_its_attempt_row() {
        ClaimedJob failing = StartedJobs.startedJob(WORKER);
        ClaimedJob retrying = StartedJobs.startedJob(WORKER);
        OutcomeRecorder recorder = recorder(TestDatabase.get().dataSource(), Duration.ofSeconds(30));

        recorder.record(failing, Outcome.Failed.permanent("Bad\0Type", "the service said \0 and stopped"));
        recorder.record(retrying, Outcome.Failed.retryable("Flaky\0", "try \0 again"));

        assertThat(errorText("jobs", "id", failing))
                .containsExactly("FAILURE", "Bad\\u0000Type", "the service said \\u0000 and stopped");
        assertThat(errorText("job_attempts", "job_id", failing))
                .containsExactly("FAILURE", "Bad\\u0000Type", "the service said \\u0000 and stopped");
        assertThat(errorText("jobs", "id", retrying)).containsExactly("RETRY", "Flaky\\u0000", "try \\u0000 again");
        assertThat(errorText("job_attempts", "job_id", retrying))
                .containsExactly("RETRY", "Flaky\\u0000", "try \\u0000 again");
    }

    @Test
    void progress_with_nul_in_its_message_is_stored_escaped() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        OutcomeRepository repository = repository(TestDatabase.get().dataSource());

        repository.progress(job, WORKER, JSON.writeValueAsString(Map.of("message", "page\0 2", "current", 2)));

        assertThat(jdbc.queryForObject("SELECT progress ->> 'message' FROM jobs WHERE id = ?", String.class, job.id()))
                .isEqualTo("page\\u0000 2");
    }

    @Test
    void a_result_postgresql_refuses_ends_the_job_failure_once_with_a_permanent_error_saying_why() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);
        Map<String, Object> beyondNumeric = Map.of("n", new BigDecimal("1e200000"));

        recorder(TestDatabase.get().dataSource(), Duration.ofSeconds(30))
                .record(job, new Outcome.Succeeded(beyondNumeric));

        JobRows.JobRow row = JobRows.job(job.id());
        assertThat(row.status()).isEqualTo("FAILURE");
        assertThat(row.result()).isNull();
        assertThat(row.errorType()).isEqualTo(OutcomeRecorder.NOT_STORED);
        assertThat(row.errorMessage())
                .contains("its result could not be stored")
                .contains("SQLSTATE 22003: value overflows numeric format")
                .contains("not run again")
                .doesNotContain("Batch entry", "1E+200000");
        assertThat(errorText("job_attempts", "job_id", job))
                .containsExactly("FAILURE", "OutcomeNotStored", row.errorMessage());
    }

    @Test
    void a_result_that_cannot_be_serialised_ends_the_job_failure_with_a_permanent_error_saying_why() {
        ClaimedJob job = StartedJobs.startedJob(WORKER);

        recorder(TestDatabase.get().dataSource(), Duration.ofSeconds(30))
                .record(job, new Outcome.Succeeded(new Unserialisable("x")));

        JobRows.JobRow row = JobRows.job(job.id());
        assertThat(row.status()).isEqualTo("FAILURE");
        assertThat(row.errorType()).isEqualTo(OutcomeRecorder.NOT_STORED);
        assertThat(row.errorMessage()).contains("cannot be serialised as JSON");
        assertThat(JobRows.attempts(job.id()))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("FAILURE"));
    }

    @Test
    void an_unreachable_database_is_not_a_refusal_and_leaves_the_job_started_for_the_reaper() {
        TestDatabase db = TestDatabase.get();
        try (TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            ClaimedJob job = StartedJobs.startedJob(WORKER);
            OutcomeRecorder recorder = recorder(viaProxy(db, proxy), Duration.ofSeconds(1));
            proxy.cut();

            RuntimeException failure =
                    catchRuntimeException(() -> recorder.record(job, Outcome.Failed.permanent("Boom", "it broke")));

            assertThat(DatabaseGuard.isOutage(failure)).isTrue();
            assertThat(StoreRefusal.reason(failure)).isEmpty();
            assertThat(JobRows.job(job.id()).status()).isEqualTo("STARTED");
            assertThat(JobRows.attempts(job.id())).isEmpty();
        }
    }

    /** A result whose accessor throws, as a connector's own result type might. */
    record Unserialisable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("not readable");
        }
    }

    private List<String> errorText(String table, String idColumn, ClaimedJob job) {
        String status = table.equals("jobs") ? "status" : "outcome";
        return jdbc.queryForObject(
                "SELECT " + status + ", error_type, error_message FROM " + table + " WHERE " + idColumn + " = ?",
                (rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)),
                job.id());
    }

    private OutcomeRecorder recorder(DataSource dataSource, Duration lease) {
        DatabaseGuard guard = DatabaseGuards.guard(Breakers.registry(CLOCK, Map.of()), CLOCK);
        OutcomeRepository repository = repository(dataSource);
        OutcomeWriter writer = new OutcomeWriter(repository, guard);
        writer.start();
        writers.add(writer);
        return new OutcomeRecorder(
                writer,
                repository,
                job -> new ExponentialBackoff(
                        new RetryProperties(Duration.ofSeconds(1), 2, Duration.ofMinutes(1), Duration.ofMinutes(1))),
                workerProperties(lease),
                JSON,
                CLOCK,
                guard,
                new JobMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    private static OutcomeRepository repository(DataSource dataSource) {
        return new OutcomeRepository(
                new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    private static WorkerProperties workerProperties(Duration lease) {
        return new Binder(new MapConfigurationPropertySource(Map.of(
                        "jobs.worker.id", WORKER,
                        "jobs.worker.lease", lease.toMillis() + "ms",
                        "jobs.worker.outcome-retry-timeout", lease.toMillis() + "ms",
                        "jobs.worker.heartbeat-interval", lease.dividedBy(2).toMillis() + "ms")))
                .bindOrCreate("jobs.worker", Bindable.of(WorkerProperties.class));
    }

    private static DataSource viaProxy(TestDatabase db, TcpProxy proxy) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.urlVia("127.0.0.1", proxy.port()));
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        dataSource.setConnectTimeout(1);
        return dataSource;
    }
}
