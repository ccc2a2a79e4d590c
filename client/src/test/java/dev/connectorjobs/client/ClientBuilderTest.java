package dev.connectorjobs.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client is built only from settings it can use, and says what to fix otherwise. */
class ClientBuilderTest {

    @Test
    void a_base_url_that_is_not_http_is_refused_with_an_example() {
        assertThatThrownBy(() -> ConnectorJobsClient.create("ftp://jobs.example", "key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1:8080");
        assertThatThrownBy(() -> ConnectorJobsClient.create("127.0.0.1:8080", "key"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_empty_key_is_refused() {
        assertThatThrownBy(() -> ConnectorJobsClient.create("http://127.0.0.1:8080", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key is empty");
    }

    @Test
    void negative_retries_and_zero_durations_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> ConnectorJobsClient.builder("http://127.0.0.1:8080", "key")
                        .maxRetries(-1)
                        .build())
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> ConnectorJobsClient.builder("http://127.0.0.1:8080", "key")
                        .pollInterval(Duration.ZERO)
                        .build())
                .hasMessageContaining("pollInterval");
    }
}
