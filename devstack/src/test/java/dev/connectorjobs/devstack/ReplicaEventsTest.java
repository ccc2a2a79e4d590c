package dev.connectorjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.Bench;
import dev.connectorjobs.bench.BenchOptions;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bench's {@code --replica-events} against a real stack: PostgreSQL, Kafka, the api-gateway and
 * two worker processes, the same ones {@code devstack start} runs. While two-second sleep jobs run,
 * a third worker is added and the first one killed; every job must finish exactly once except the
 * killed worker's jobs in flight, which run once more after the reaper hands them on, and the report
 * must name both events and their workers.
 *
 * <p>Needs the packaged applications ({@code api-gateway/target/api-gateway-exec.jar}, {@code
 * worker/target/worker-exec.jar}), which the reactor builds before this module, and about two
 * minutes on two cores, most of it the workers' startup and the killed worker's 30 s lease.
 */
class ReplicaEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_worker_added_and_one_killed_under_load_rerun_only_the_killed_workers_jobs_in_flight() throws Exception {
        BenchOptions options = BenchOptions.parse(
                List.of(
                        "--jobs", "1500",
                        "--rate", "50",
                        "--operation", "sleep",
                        "--sleep-ms", "2000",
                        "--clients", "8",
                        "--workers", "2",
                        "--lookups", "0",
                        "--timeout", "240",
                        "--replica-events", "add@1,kill@15"),
                Map.of());

        List<String> lines = new ArrayList<>();
        int status = capturingOutput(lines, () -> Bench.run(options, DevStack::benchStack));

        JsonNode bench = JSON.readTree(lines.stream()
                .filter(line -> line.startsWith("BENCH "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no BENCH line in:\n" + String.join("\n", lines)))
                .substring("BENCH ".length()));
        assertThat(bench.get("problems").toString()).isEqualTo("[]");
        assertThat(bench.get("exactly_once").asBoolean()).isTrue();
        assertThat(bench.get("succeeded").asInt()).isEqualTo(1500);
        assertThat(status).isZero();

        JsonNode events = bench.get("replica_events");
        assertThat(events).hasSize(2);
        JsonNode add = events.get(0);
        JsonNode kill = events.get(1);
        assertThat(add.get("event").asString()).isEqualTo("add@1");
        assertThat(add.get("worker").asString()).isEqualTo("worker-3");
        assertThat(add.has("error")).isFalse();
        assertThat(kill.get("event").asString()).isEqualTo("kill@15");
        assertThat(kill.get("worker").asString()).isEqualTo("worker-1");
        assertThat(kill.has("error")).isFalse();

        // Two-second jobs at 50/s, killed halfway through the 30 s run (a cold stack starts its first jobs
        // seconds late): the killed worker held some in flight, and those alone ran again.
        int lost = kill.get("reruns_lost_on_worker").asInt();
        assertThat(lost).isPositive();
        assertThat(kill.get("reruns_first_on_worker").asInt()).isEqualTo(lost);
        JsonNode reruns = bench.get("reruns_by_first_worker");
        assertThat(reruns.propertyNames()).containsExactly("worker-1");
        assertThat(reruns.get("worker-1").asInt()).isEqualTo(lost);
        assertThat(lines)
                .anySatisfy(line -> assertThat(line).contains("ran again after the worker running them was killed"));
    }

    /** Runs {@code run} with its standard output copied into {@code lines} (and still printed). */
    private static int capturingOutput(List<String> lines, BenchRun run) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                captured.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }
        };
        System.setOut(new PrintStream(both, true, StandardCharsets.UTF_8));
        try {
            return run.run();
        } finally {
            System.out.flush();
            System.setOut(original);
            lines.addAll(captured.toString(StandardCharsets.UTF_8).lines().toList());
        }
    }

    @FunctionalInterface
    private interface BenchRun {
        int run() throws Exception;
    }
}
