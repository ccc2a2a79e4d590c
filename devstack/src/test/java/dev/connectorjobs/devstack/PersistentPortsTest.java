package dev.connectorjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentPortsTest {

    @Test
    void one_port_is_never_handed_to_two_parts_of_the_stack_even_when_remembered_for_both(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("ports.properties");
        int free;
        try (var socket = new java.net.ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        Files.writeString(file, "postgres.port=" + free + "\nkafka.controller.port=" + free + "\n");
        PersistentPorts ports = PersistentPorts.load(file);

        int postgres = ports.port("postgres.port");
        int controller = ports.port("kafka.controller.port");

        assertThat(postgres).isEqualTo(free);
        assertThat(controller).isNotEqualTo(free);
    }

    @Test
    void fresh_ports_chosen_before_any_is_bound_are_distinct(@TempDir Path dir) throws Exception {
        PersistentPorts ports = PersistentPorts.load(dir.resolve("ports.properties"));
        Set<Integer> chosen = new HashSet<>();

        for (int i = 0; i < 200; i++) {
            chosen.add(ports.port("part-" + i));
        }

        assertThat(chosen).hasSize(200);
    }
}
