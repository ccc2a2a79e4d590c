package dev.connectorjobs.worker.connector.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElasticPropertiesTest {

    static ElasticProperties properties(Map<String, String> values) {
        return ConnectorTestbed.bind("jobs.connectors.elastic", ElasticProperties.class, values);
    }

    @Test
    void without_configuration_there_is_no_target_nor_credential_and_the_defaults_hold() {
        ElasticProperties properties = properties(Map.of());

        assertThat(properties.baseUrl()).isNull();
        assertThat(properties.auth().isSet()).isFalse();
        assertThat(properties.pageSize()).isEqualTo(1000);
        assertThat(properties.pitKeepAlive()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.keepAlive()).isEqualTo("1m");
        assertThat(properties.maxResultBytes()).isEqualTo(196_608);
        assertThat(properties.bulkMaxDocuments()).isEqualTo(1000);
        assertThat(properties.bulkMaxBytes()).isEqualTo(5_242_880);
        assertThat(properties.bulkItemRetries()).isEqualTo(3);
        assertThat(properties.bulkRetryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void the_documented_property_names_bind_and_secrets_stay_out_of_to_string() {
        ElasticProperties properties = properties(Map.of(
                "jobs.connectors.elastic.base-url", "https://siem.es.eu-west-1.aws.found.io",
                "jobs.connectors.elastic.auth.username", "siem-writer",
                "jobs.connectors.elastic.auth.password", "wr1ter-Pa55",
                "jobs.connectors.elastic.pit-keep-alive", "90s",
                "jobs.connectors.elastic.bulk-max-bytes", "1048576"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://siem.es.eu-west-1.aws.found.io"));
        assertThat(properties.auth().username()).isEqualTo("siem-writer");
        assertThat(properties.keepAlive()).isEqualTo("90s");
        assertThat(properties.bulkMaxBytes()).isEqualTo(1_048_576);
        assertThat(properties.toString()).doesNotContain("wr1ter-Pa55");
        assertThat(properties(Map.of("jobs.connectors.elastic.auth.api-key", "c2VjcmV0LWtleQ=="))
                        .toString())
                .doesNotContain("c2VjcmV0LWtleQ==");
    }

    @Test
    void two_credentials_at_once_are_refused() {
        assertThatThrownBy(() -> properties(Map.of(
                        "jobs.connectors.elastic.auth.api-key", "c2VjcmV0LWtleQ==",
                        "jobs.connectors.elastic.auth.token", "t0ken-value")))
                .rootCause()
                .hasMessageContaining("more than one credential");
    }

    @Test
    void a_user_without_a_password_is_refused_naming_the_property_and_its_environment_variable() {
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.elastic.auth.username", "svc")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.elastic.auth.username and jobs.connectors.elastic.auth.password")
                .hasMessageContaining("JOBS_CONNECTORS_ELASTIC_AUTH_USERNAME");
    }

    @Test
    void a_page_above_the_result_window_and_keep_alives_out_of_range_are_refused() {
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.elastic.page-size", "10001")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.elastic.page-size must be between 1 and 10000");
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.elastic.pit-keep-alive", "500ms")))
                .rootCause()
                .hasMessageContaining("pit-keep-alive must be between 1s and 24h")
                .hasMessageContaining("JOBS_CONNECTORS_ELASTIC_PIT_KEEP_ALIVE");
        assertThatThrownBy(() -> properties(Map.of("jobs.connectors.elastic.bulk-item-retries", "11")))
                .rootCause()
                .hasMessageContaining("bulk-item-retries must be between 0 and 10");
    }

    @Test
    void a_base_url_with_credentials_is_refused() {
        assertThatThrownBy(() ->
                        properties(Map.of("jobs.connectors.elastic.base-url", "https://elastic:pw@es.example.com")))
                .rootCause()
                .hasMessageContaining("jobs.connectors.elastic.base-url must be an http(s) URL");
    }
}
