package dev.connectorjobs.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WorkerPropertiesTest {

    private static WorkerProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobs.worker", Bindable.of(WorkerProperties.class));
    }

    @Test
    void a_worker_id_with_a_control_character_is_rejected_at_start_up_naming_what_to_use() {
        assertThatThrownBy(() -> bind(Map.of("jobs.worker.id", "worker\0-1")))
                .rootCause()
                .hasMessageContaining("jobs.worker.id must not contain control characters")
                .hasMessageContaining("e.g. worker-1");
    }

    @Test
    void an_ordinary_worker_id_is_kept_and_a_missing_one_defaults_to_host_and_pid() {
        assertThat(bind(Map.of("jobs.worker.id", "worker-1.eu_west")).workerId())
                .isEqualTo("worker-1.eu_west");
        assertThat(bind(Map.of()).workerId())
                .endsWith("-" + ProcessHandle.current().pid());
    }
}
