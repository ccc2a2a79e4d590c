package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.testing.TestDatabase;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bench-rows} on the shared test database, in its own schema, with the real migrations. */
class RowWorkTest {

    private final TestDatabase db = TestDatabase.get();
    private final Database database = new Database(db.url(), db.user(), db.password());

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INSERT    | dev.connectorjobs.api.job.JobRepository                | INSERT
            CONFIRM   | dev.connectorjobs.api.dispatch.DispatchRepository      | CONFIRM
            CLAIM     | dev.connectorjobs.worker.consumer.ClaimRepository      | CLAIM
            SUCCESSES | dev.connectorjobs.worker.execution.OutcomeRepository   | UPDATE_SUCCESSES
            ATTEMPT   | dev.connectorjobs.worker.execution.OutcomeRepository   | INSERT_ATTEMPT
            NOTIFY    | dev.connectorjobs.worker.execution.OutcomeRepository   | NOTIFY
            """)
    void each_statement_is_the_one_the_applications_run(String copy, String owner, String original)
            throws ReflectiveOperationException {
        Field statement = Class.forName(owner).getDeclaredField(original);
        statement.setAccessible(true);

        assertThat(RowStatements.class.getDeclaredField(copy).get(null)).isEqualTo(statement.get(null));
    }

    @Test
    void a_run_takes_every_job_through_its_life_in_batches_and_reports_each_statement() throws Exception {
        RowWorkOptions options = new RowWorkOptions(1_250, 300, 500, 40, List.of());

        RowWork.Result result = new RowWork(options, database).run();

        assertThat(result.jobs()).isEqualTo(1_250);
        assertThat(result.indexes()).contains("jobs_pkey", "jobs_status_id", "jobs_connector_id");
        assertThat(result.statementMicrosPerJob()).containsOnlyKeys(RowWork.STEPS);
        assertThat(result.statementMicrosPerJob().values()).allMatch(micros -> micros > 0);
        // 40 % of each batch confirmed, then every job claimed and finished: 2.4 updates per job
        // (the database-wide counter also counts catalog updates, hence the margin above).
        assertThat(result.database().get("rows_updated_per_job")).isBetween(2.4, 2.9);
        try (Connection con = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement statement = con.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT count(*), count(*) FILTER (WHERE status = 'SUCCESS' AND published_at IS NOT NULL),
                               count(*) FILTER (WHERE published_at < started_at)
                          FROM bench_rows.jobs
                        """)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1_550);
            assertThat(rs.getLong(2)).isEqualTo(1_550);
            assertThat(rs.getLong(3)).as("jobs confirmed before their claim").isBetween(600L, 640L);
        }
        assertThat(RowWork.report(options, result))
                .anyMatch(line -> line.startsWith("bench-rows:   claim "))
                .last()
                .satisfies(line -> assertThat(line).startsWith("ROWS {\"jobs\":1250,\"warmup\":300,"));
    }

    @Test
    void an_index_asked_for_is_dropped_in_the_bench_schema_only() throws Exception {
        RowWork.Result result =
                new RowWork(new RowWorkOptions(500, 0, 250, 0, List.of("jobs_connector_id")), database).run();

        assertThat(result.indexes()).contains("jobs_status_id").doesNotContain("jobs_connector_id");
        try (Connection con = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement statement = con.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'jobs_connector_id'")) {
            rs.next();
            assertThat(rs.getLong(1)).isOne();
        }
    }

    @Test
    void an_index_jobs_does_not_have_is_refused_with_the_ones_it_has() {
        RowWork run = new RowWork(new RowWorkOptions(10, 0, 10, 0, List.of("jobs_created")), database);

        assertThatThrownBy(run::run)
                .isInstanceOf(BenchUsageException.class)
                .hasMessageContaining("jobs has no such index")
                .hasMessageContaining("jobs_status_id");
    }
}
