package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.bench.Footprint.Mark;
import dev.connectorjobs.bench.Footprint.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootprintTest {

    @Test
    void the_heap_in_use_is_the_sum_of_the_top_level_lines_for_g1_and_for_the_serial_collector() {
        String g1 = """
                12345:
                garbage-first heap   total reserved 1048576K, committed 262144K, used 40960K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 12 young (12288K), 1 survivors (1024K)
                 Metaspace       used 61234K, committed 61888K, reserved 1114112K
                  class space    used 7690K, committed 8000K, reserved 1048576K
                """;
        String serial = """
                8402:
                DefNew     total 39296K, used 26217K [0x00000000f8000000, 0x00000000faaa0000, 0x00000000faaa0000)
                 eden space 34944K,  74% used [0x00000000f8000000, 0x00000000f995b260, 0x00000000fa220000)
                Tenured    total 87424K, used 69573K [0x00000000faaa0000, 0x0000000100000000, 0x0000000100000000)
                 the  space 87424K,  79% used [0x00000000faaa0000, 0x00000000fee91740, 0x0000000100000000)
                 Metaspace       used 20000K, committed 20480K, reserved 1114112K
                """;

        assertThat(Footprint.heapUsed(g1)).hasValue(40960L * 1024);
        assertThat(Footprint.heapUsed(serial)).hasValue((26217L + 69573L) * 1024);
        assertThat(Footprint.heapUsed("12345:\nCommand executed successfully\n"))
                .isEmpty();
    }

    @Test
    void proc_status_figures_are_read_by_name() {
        String status = "Name:\tjava\nVmPeak:\t 5000 kB\nVmRSS:\t  166912 kB\nThreads:\t16\n";

        assertThat(Footprint.kilobytes(status, "VmRSS")).isEqualTo(166_912);
        assertThat(Footprint.kilobytes(status, "Threads")).isEqualTo(16);
        assertThat(Footprint.kilobytes(status, "VmSwap")).isZero();
    }

    /**
     * A child JVM that looks like a worker and a process tree standing for PostgreSQL (a server
     * named by {@code postmaster.pid}, with one child): each is read from /proc, and the JVM's heap
     * after a collection from jcmd.
     */
    @Test
    void reads_the_stacks_jvms_among_its_children_and_postgresql_from_its_pid_file(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/proc/self/status")).exists();
        Path source = dir.resolve("Idle.java");
        Files.writeString(
                source,
                "class Idle { public static void main(String[] a) throws Exception {"
                        + " System.out.println(\"up\"); new java.util.concurrent.CountDownLatch(1).await(); } }");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process worker = new ProcessBuilder(java.toString(), "-Xmx64m", "-Dpart=worker-exec.jar", source.toString())
                .redirectErrorStream(true)
                .start();
        Process server = new ProcessBuilder("sh", "-c", "sleep 120 & wait").start();
        try {
            assertThat(new String(worker.getInputStream().readNBytes(2))).isEqualTo("up");
            Path postgres = dir.resolve("postgres");
            Files.createDirectories(postgres);
            Files.writeString(postgres.resolve("postmaster.pid"), server.pid() + "\n" + postgres + "\n");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.children().findAny().isPresent());

            Mark mark = Footprint.read(postgres, null, 0);

            Map<String, Reading> parts = mark.readings().stream().collect(Collectors.toMap(Reading::part, r -> r));
            assertThat(parts).containsOnlyKeys("worker-1", Footprint.POSTGRES);
            Reading jvm = parts.get("worker-1");
            assertThat(jvm.processes()).isEqualTo(1);
            assertThat(jvm.memoryBytes()).isPositive();
            assertThat(jvm.threads()).isGreaterThan(1);
            assertThat(jvm.fds()).isGreaterThanOrEqualTo(3);
            assertThat(jvm.heapAfterGcBytes()).isPresent();
            assertThat(jvm.heapAfterGcBytes().getAsLong()).isBetween(1L, 64L * 1024 * 1024);
            Reading database = parts.get(Footprint.POSTGRES);
            assertThat(database.processes()).isEqualTo(2);
            assertThat(database.heapAfterGcBytes()).isEqualTo(OptionalLong.empty());
            assertThat(mark.connections()).isEqualTo(-1);
            assertThat(Footprint.describe(mark))
                    .contains("worker-1 heap after GC")
                    .contains("postgresql 2 processes, PSS");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> marks =
                    (List<Map<String, Object>>) Footprint.json(List.of(mark)).get("marks");
            assertThat(marks)
                    .singleElement()
                    .satisfies(json -> assertThat(json.get("parts"))
                            .asInstanceOf(InstanceOfAssertFactories.MAP)
                            .containsOnlyKeys("worker-1", Footprint.POSTGRES));
        } finally {
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
