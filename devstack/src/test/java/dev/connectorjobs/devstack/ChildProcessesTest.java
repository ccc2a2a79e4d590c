package dev.connectorjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessesTest {

    private static final List<String> PRINT_ID_AND_WAIT = List.of("/bin/sh", "-c", "echo id=$CHILD_ID; exec sleep 60");

    @TempDir
    Path dir;

    private ChildProcesses processes;

    @BeforeEach
    void create() throws IOException {
        DataDirectory data = new DataDirectory(dir);
        data.create();
        processes = new ChildProcesses(data);
    }

    @AfterEach
    void stop() {
        processes.stopAll();
    }

    @Test
    void a_killed_child_starts_again_with_its_first_environment_and_the_overrides() throws Exception {
        ChildProcess first = processes.start(
                ChildProcesses.Tier.WORKERS, "worker-1", PRINT_ID_AND_WAIT, Map.of("CHILD_ID", "worker-1"));
        awaitLine(dir.resolve("logs/worker-1.log"), "id=worker-1\n");
        first.kill();

        ChildProcess second = processes.restart("worker-1", Map.of("CHILD_ID", "worker-1-r1"));

        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(processes.latest("worker-1")).containsSame(second);
        awaitLine(dir.resolve("logs/worker-1.log"), "id=worker-1-r1\n");
    }

    @Test
    void a_child_that_still_runs_is_not_started_twice() throws Exception {
        processes.start(ChildProcesses.Tier.WORKERS, "worker-1", PRINT_ID_AND_WAIT, Map.of("CHILD_ID", "a"));

        assertThatThrownBy(() -> processes.restart("worker-1", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still runs");
    }

    @Test
    void a_stopped_child_is_paused_and_resumed_by_signals() throws Exception {
        ChildProcess child =
                processes.start(ChildProcesses.Tier.WORKERS, "worker-1", PRINT_ID_AND_WAIT, Map.of("CHILD_ID", "a"));

        child.signal("STOP");
        awaitState(child.pid(), 'T');
        child.signal("CONT");
        awaitState(child.pid(), 'S');
    }

    private static void awaitLine(Path log, String line) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(Files.readString(log))
                        .as("%s in %s", line, log)
                        .contains(line));
    }

    /** Waits until /proc says the process is in {@code state} (T stopped, S sleeping). */
    private static void awaitState(long pid, char state) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(stateOf(Files.readString(stat)))
                        .as("state of %d", pid)
                        .isEqualTo(state));
    }

    private static char stateOf(String stat) {
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
