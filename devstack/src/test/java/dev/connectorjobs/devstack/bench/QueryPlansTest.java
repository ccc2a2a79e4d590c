package dev.connectorjobs.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.devstack.bench.QueryPlans.Plan;
import org.junit.jupiter.api.Test;

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

    @Test
    void the_scan_under_limit_and_row_locks_is_the_node_that_matters() {
        Plan plan = QueryPlans.parse("sweep batch", """
                [{"Plan": {"Node Type": "Limit", "Plans": [
                    {"Node Type": "LockRows", "Plans": [
                        {"Node Type": "Index Scan", "Index Name": "jobs_finished_at"}]}]}}]
                """);

        assertThat(plan.node()).isEqualTo("Index Scan");
        assertThat(plan.index()).contains("jobs_finished_at");
        assertThat(plan.executionMs()).isEmpty();
        assertThat(plan).hasToString("sweep batch: Index Scan using jobs_finished_at");
    }

    @Test
    void a_bitmap_heap_scan_names_the_index_its_bitmap_comes_from() {
        Plan plan = QueryPlans.parse("lookup attempts", """
                [{"Plan": {"Node Type": "Sort", "Plans": [
                    {"Node Type": "Bitmap Heap Scan", "Plans": [
                        {"Node Type": "Bitmap Index Scan", "Index Name": "job_attempts_pkey"}]}]}}]
                """);

        assertThat(plan.node()).isEqualTo("Bitmap Heap Scan");
        assertThat(plan.index()).contains("job_attempts_pkey");
    }

    @Test
    void a_sequential_scan_has_no_index() {
        Plan plan = QueryPlans.parse("lookup job", """
                [{"Plan": {"Node Type": "Seq Scan", "Relation Name": "jobs"}, "Execution Time": 812.5}]
                """);

        assertThat(plan.node()).isEqualTo("Seq Scan");
        assertThat(plan.index()).isEmpty();
    }
}
