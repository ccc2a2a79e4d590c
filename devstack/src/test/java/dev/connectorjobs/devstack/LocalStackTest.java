package dev.connectorjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path dir;

    @Test
    void more_api_gateways_are_named_after_the_first_with_their_number_and_port() {
        LocalStack stack = new LocalStack(
                DevStackOptions.ownStack(2, 18080, dir, Duration.ofSeconds(60)),
                Map.of(),
                Map.of(),
                List.of(18081, 18082),
                (slot, workerId, database) -> Map.of());

        assertThat(stack.apiNames()).containsExactly("api-gateway", "api-gateway-2", "api-gateway-3");
        assertThat(stack.apiBaseUrl()).isEqualTo("http://127.0.0.1:18080");
        assertThat(stack.apiBaseUrl("api-gateway-3")).isEqualTo("http://127.0.0.1:18082");
        assertThatThrownBy(() -> stack.apiBaseUrl("worker-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_development_stack_has_one_api_gateway() {
        LocalStack stack = new LocalStack(DevStackOptions.ownStack(2, 18080, dir, Duration.ofSeconds(60)), Map.of());

        assertThat(stack.apiNames()).containsExactly("api-gateway");
        assertThat(stack.apiBaseUrl()).isEqualTo("http://127.0.0.1:18080");
    }
}
