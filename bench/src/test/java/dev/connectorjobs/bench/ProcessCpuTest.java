package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.ProcessCpu.Sample;
import dev.connectorjobs.bench.ProcessCpu.Snapshot;
import dev.connectorjobs.bench.ProcessCpu.Usage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    private static final long SELF = 100;

    @Test
    void processes_are_grouped_by_the_part_of_the_stack_they_run() {
        assertThat(ProcessCpu.group(SELF, SELF, "java", "java -jar devstack.jar bench"))
                .isEqualTo("bench");
        assertThat(ProcessCpu.group(1, SELF, "java", "java -jar /w/api-gateway/target/api-gateway-exec.jar"))
                .isEqualTo("api-gateway");
        assertThat(ProcessCpu.group(2, SELF, "java", "java -jar /w/worker/target/worker-exec.jar"))
                .isEqualTo("workers");
        assertThat(ProcessCpu.group(3, SELF, "java", "java -Xmx1g -jar devstack.jar kafka-server --port 1"))
                .isEqualTo("kafka");
        assertThat(ProcessCpu.group(4, SELF, "postgres", "postgres: postgres jobs 127.0.0.1(5) idle"))
                .isEqualTo("postgres");
        assertThat(ProcessCpu.group(5, SELF, "java", "java -jar devstack.jar postgres-server --port 2"))
                .isEqualTo("postgres");
        assertThat(ProcessCpu.group(6, SELF, "java", "java -jar surefirebooter.jar"))
                .isEqualTo("other");
    }

    @Test
    void cpu_ticks_are_read_after_a_command_name_with_spaces_and_parentheses() {
        String stat = "4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 12 0";

        assertThat(ProcessCpu.command(stat)).isEqualTo("C2 Compiler (x)");
        assertThat(ProcessCpu.cpuTicks(stat)).isEqualTo(300);
    }

    @Test
    void usage_is_what_each_group_used_between_the_snapshots_largest_first() {
        Snapshot before = new Snapshot(
                0, 1_000, 4_000, Map.of(1L, new Sample("api-gateway", 500), 2L, new Sample("postgres", 100)));
        Snapshot after = new Snapshot(
                2_000_000_000L,
                1_300,
                4_400,
                Map.of(
                        1L, new Sample("api-gateway", 600),
                        2L, new Sample("postgres", 250),
                        3L, new Sample("postgres", 20)));

        Usage usage = ProcessCpu.between(before, after);

        assertThat(usage.seconds()).isEqualTo(2.0);
        assertThat(usage.busyPercent()).isEqualTo(75.0);
        assertThat(usage.cpuSecondsByGroup())
                .containsExactly(Map.entry("postgres", 1.7), Map.entry("api-gateway", 1.0));
    }

    @Test
    void without_proc_nothing_is_reported() {
        Snapshot empty = new Snapshot(0, 0, 0, Map.of());

        assertThat(ProcessCpu.between(empty, empty)).isEqualTo(Usage.NONE);
    }
}
