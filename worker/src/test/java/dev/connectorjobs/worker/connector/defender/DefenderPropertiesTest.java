package dev.connectorjobs.worker.connector.defender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DefenderPropertiesTest {

    static DefenderProperties bind(String... properties) {
        return ConnectorTestbed.bind("jobs.connectors.defender", DefenderProperties.class, properties);
    }

    @Test
    void defaults_point_to_the_defender_api_and_wait_out_a_minute_of_throttling() {
        DefenderProperties properties = bind();

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://api.security.microsoft.com"));
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.pageSize()).isEqualTo(1_000);
    }

    @Test
    void a_negative_max_throttle_wait_is_refused_naming_the_property() {
        assertThatThrownBy(() -> bind("jobs.connectors.defender.max-throttle-wait", "-1s"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.defender.max-throttle-wait must not be negative");
    }

    @Test
    void a_token_url_with_credentials_is_refused_naming_the_property() {
        assertThatThrownBy(() -> bind("jobs.connectors.defender.auth.token-url", "https://user:pw@login.example/t"))
                .rootCause()
                .hasMessageContaining("jobs.connectors.defender.auth.token-url");
    }
}
