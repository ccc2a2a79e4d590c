package dev.connectorjobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.testing.ConfigurationMetadata;
import dev.connectorjobs.testing.ConfigurationMetadata.Property;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class RenamedPropertiesTest {

    @Test
    void the_application_reads_renamed_properties() {
        assertThat(ApiGatewayApplication.application().application().getListeners())
                .hasAtLeastOneElementOfType(RenamedProperties.class);
    }

    @Test
    void a_value_set_under_an_old_name_is_read_under_the_new_one() {
        StandardEnvironment environment = environment(Map.of("jobs.api.workers.stale-after", "45s"), Map.of());

        RenamedProperties.apply(environment);

        assertThat(workerStaleAfter(environment)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void an_old_name_is_read_from_its_environment_variable_too() {
        StandardEnvironment environment = environment(Map.of(), Map.of("JOBS_API_BREAKERS_STALE_AFTER", "40s"));

        RenamedProperties.apply(environment);

        assertThat(workerStaleAfter(environment)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void the_new_name_wins_over_an_old_one() {
        StandardEnvironment environment = environment(
                Map.of("jobs.api.breakers.stale-after", "45s"), Map.of("JOBS_API_WORKER_STALE_AFTER", "20s"));

        RenamedProperties.apply(environment);

        assertThat(workerStaleAfter(environment)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void two_old_names_of_one_property_with_different_values_stop_the_start() {
        StandardEnvironment environment = environment(
                Map.of("jobs.api.workers.stale-after", "45s", "jobs.api.breakers.stale-after", "60s"), Map.of());

        assertThatThrownBy(() -> RenamedProperties.apply(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "are one property now, jobs.api.worker-stale-after; set jobs.api.worker-stale-after");
    }

    @Test
    void two_old_names_with_the_same_value_are_accepted() {
        StandardEnvironment environment = environment(
                Map.of("jobs.api.workers.stale-after", "45s", "jobs.api.breakers.stale-after", "45s"), Map.of());

        RenamedProperties.apply(environment);

        assertThat(workerStaleAfter(environment)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void nothing_is_added_when_no_old_name_is_set() {
        StandardEnvironment environment = environment(Map.of(), Map.of());

        RenamedProperties.apply(environment);

        assertThat(environment.getPropertySources().contains(RenamedProperties.SOURCE))
                .isFalse();
    }

    @Test
    void the_renames_are_the_deprecations_in_the_configuration_metadata() {
        Map<String, String> deprecated = ConfigurationMetadata.jobsProperties(ApiGatewayApplication.class).stream()
                .filter(p -> p.replacement().isPresent())
                .collect(Collectors.toMap(Property::name, p -> p.replacement().orElseThrow()));

        assertThat(RenamedProperties.RENAMES.stream()
                        .collect(
                                Collectors.toMap(RenamedProperties.Rename::oldName, RenamedProperties.Rename::newName)))
                .isEqualTo(deprecated);
    }

    private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }

    private static Duration workerStaleAfter(StandardEnvironment environment) {
        return Binder.get(environment)
                .bind("jobs.api.worker-stale-after", Duration.class)
                .orElseThrow(() -> new AssertionError("jobs.api.worker-stale-after is not set"));
    }
}
