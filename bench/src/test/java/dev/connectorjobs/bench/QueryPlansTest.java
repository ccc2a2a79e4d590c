package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.QueryPlans.Plan;
import dev.connectorjobs.model.job.JobIds;
import java.lang.reflect.Field;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryPlansTest {

    @Test
    void an_analyzed_plan_names_its_scan_index_execution_time_and_buffers() {
        Plan plan = QueryPlans.parse("lookup job", """
                [{"Plan": {"Node Type": "Index Scan", "Index Name": "jobs_pkey", "Relation Name": "jobs",
                           "Shared Hit Blocks": 3, "Shared Read Blocks": 1},
                  "Planning Time": 0.1, "Execution Time": 0.048}]
                """);

        assertThat(plan.node()).isEqualTo("Index Scan");
        assertThat(plan.index()).contains("jobs_pkey");
        assertThat(plan.executionMs()).contains(0.048);
        assertThat(plan.sharedHit()).isEqualTo(3);
        assertThat(plan.sharedRead()).isEqualTo(1);
        assertThat(plan).hasToString("lookup job: Index Scan using jobs_pkey, 0.048 ms, buffers hit 3 read 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Limit    | LockRows    | Index Scan       | jobs_pkey
            Sort     | Limit       | Index Scan       | jobs_status_id
            Sort     | LockRows    | Bitmap Heap Scan | job_attempts_pkey
            """)
    void the_scan_under_limits_sorts_and_row_locks_names_its_index_or_that_of_its_bitmap(
            String outer, String inner, String scan, String index) {
        String bitmap = "Bitmap Heap Scan".equals(scan)
                ? ", \"Plans\": [{\"Node Type\": \"Bitmap Index Scan\", \"Index Name\": \"%s\"}]".formatted(index)
                : ", \"Index Name\": \"%s\"".formatted(index);
        String json =
                "[{\"Plan\": {\"Node Type\": \"%s\", \"Plans\": [{\"Node Type\": \"%s\", \"Plans\": [{\"Node Type\": \"%s\"%s}]}]}}]"
                        .formatted(outer, inner, scan, bitmap);

        Plan plan = QueryPlans.parse("query", json);

        assertThat(plan.node()).isEqualTo(scan);
        assertThat(plan.index()).contains(index);
        assertThat(plan.executionMs()).isEmpty();
    }

    @Test
    void a_sequential_scan_has_no_index() {
        Plan plan = QueryPlans.parse("lookup job", """
                [{"Plan": {"Node Type": "Seq Scan", "Relation Name": "jobs"}, "Execution Time": 812.5}]
                """);

        assertThat(plan.node()).isEqualTo("Seq Scan");
        assertThat(plan.index()).isEmpty();
    }

    @Test
    void the_lookup_explained_is_the_statement_the_api_gateway_runs() throws ReflectiveOperationException {
        Field statement =
                Class.forName("dev.connectorjobs.api.job.JobRepository").getDeclaredField("STATUS_LOOKUP");
        statement.setAccessible(true);

        assertThat(QueryPlans.LOOKUP).isEqualTo(((String) statement.get(null)).replace(":id", "?"));
    }

    @Test
    void the_backlog_query_explained_is_the_one_the_api_gateway_runs() throws ReflectiveOperationException {
        Field statement =
                Class.forName("dev.connectorjobs.api.metrics.BacklogGauges").getDeclaredField("QUERY");
        statement.setAccessible(true);

        assertThat(QueryPlans.BACKLOG)
                .isEqualTo(((String) statement.get(null))
                        .replace(":now", "?")
                        .replace(":circuitOpen", "?")
                        .replace(":concurrencyLimit", "?")
                        .replace(":startRateLimit", "?"));
    }

    @Test
    void the_sweep_batch_explained_is_the_one_the_api_gateway_runs() throws ReflectiveOperationException {
        String sweep = (String) Class.forName("dev.connectorjobs.api.recovery.RetentionSweeper")
                .getField("SWEEP")
                .get(null);
        String explained = QueryPlans.SWEEP_BATCH
                .replaceFirst("\\?", ":below")
                .replaceFirst("\\?", ":cutoff")
                .replace("LIMIT 5000", "LIMIT :limit");

        assertThat(sweep.replaceAll("\\s+", " "))
                .contains(explained.replaceAll("\\s+", " ").strip());
    }

    @Test
    void the_sweep_bound_is_the_first_id_one_second_after_the_cutoff() {
        Instant cutoff = Instant.parse("2026-11-01T10:00:00.123456Z");

        assertThat(QueryPlans.sweepBound(cutoff)).isEqualTo(JobIds.firstAt(cutoff.plusSeconds(1)));
    }
}
