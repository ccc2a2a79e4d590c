package dev.connectorjobs.model.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerDefaultsTest {

    @Test
    void every_breaker_a_connector_declares_exists_once_and_the_database_breaker_comes_last() {
        List<String> declared = new ArrayList<>();
        for (ConnectorDescriptor connector : BuiltInConnectors.all()) {
            connector.breaker().filter(b -> !declared.contains(b)).ifPresent(declared::add);
        }
        declared.add(BreakerDefaults.DATABASE);

        assertThat(BreakerDefaults.names()).containsExactlyElementsOf(declared);
        assertThat(declared).contains("servicenow", "intune", "entra_id", "abm", "external_api");
    }

    @Test
    void services_open_after_five_failures_for_a_minute_and_the_database_after_ten_for_thirty_seconds() {
        assertThat(BreakerDefaults.of("intune"))
                .contains(new BreakerDefaults.Thresholds("intune", 5, Duration.ofSeconds(60), 1));
        assertThat(BreakerDefaults.of("database"))
                .contains(new BreakerDefaults.Thresholds("database", 10, Duration.ofSeconds(30), 1));
        assertThat(BreakerDefaults.of("nosuch")).isEmpty();
    }

    @Test
    void names_resolve_whatever_the_spelling_in_configuration_keys() {
        assertThat(BreakerDefaults.resolve("ENTRA-ID")).contains("entra_id");
        assertThat(BreakerDefaults.resolve("androidenterprise")).contains("android_enterprise");
        assertThat(BreakerDefaults.resolve("no-such-service")).isEmpty();
    }
}
