package dev.connectorjobs.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The backlog query reads the unfinished jobs through {@code jobs_status_id} and never scans the
 * table: its cost follows the backlog, not the history.
 */
class BacklogQueryPlanTest {

    private static final Logger log = LoggerFactory.getLogger(BacklogQueryPlanTest.class);

    @Test
    void on_a_large_history_the_backlog_query_reads_only_unfinished_jobs_through_the_status_index() {
        DataSource db = TestDatabase.get().freshDatabase();
        JdbcClient jdbc = JdbcClient.create(db);
        seed(jdbc, 200_000, "SUCCESS");
        seed(jdbc, 500, "QUEUED");
        seed(jdbc, 200, "STARTED");
        seed(jdbc, 100, "RETRY");
        jdbc.sql("ANALYZE jobs").update();

        List<String> plan = jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + BacklogGauges.QUERY)
                .param("now", Timestamp.from(Instant.now()))
                .param("circuitOpen", "CircuitOpen")
                .param("concurrencyLimit", "ConcurrencyLimitReached")
                .param("startRateLimit", "StartRateLimitReached")
                .query(String.class)
                .list();
        log.info("Backlog query on 200,000 finished and 800 unfinished jobs:\n{}", String.join("\n", plan));

        assertThat(plan).noneMatch(line -> line.contains("Seq Scan"));
        assertThat(plan).anyMatch(line -> line.contains("jobs_status_id"));
    }

    private static void seed(JdbcClient jdbc, int rows, String status) {
        jdbc.sql("""
                        INSERT INTO jobs (id, queue, connector, operation, status, max_retries, timeout_seconds,
                                          correlation_id, created_at, updated_at, finished_at, next_attempt_at)
                        SELECT gen_random_uuid(), 'q' || (n % 3), 'c' || (n % 5), 'op', :status, 3, 120, 'seed',
                               now() - make_interval(secs => n), now(),
                               CASE WHEN :status = 'SUCCESS' THEN now() END,
                               CASE WHEN :status = 'RETRY' THEN now() + interval '1 minute' END
                          FROM generate_series(1, :rows) AS n
                        """).param("status", status).param("rows", rows).update();
    }
}
