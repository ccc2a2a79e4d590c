package dev.connectorjobs.worker.connector.elastic;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code elastic} connector's configuration, credentials and {@code test_connection}. */
class ElasticContractTest extends ElasticContractBase {

    @Test
    void it_declares_the_catalogue_entry_guarded_by_its_own_breaker() {
        assertThat(connector().descriptor()).isSameAs(SiemConnectors.ELASTIC);
        assertThat(SiemConnectors.ELASTIC.breaker()).contains("elastic");
        assertThat(SiemConnectors.ELASTIC.operationNames()).containsExactly("test_connection", "search", "bulk_index");
    }

    @Test
    void test_connection_reads_the_cluster_health_with_the_api_key() {
        Map<String, Object> result = run(connector(), job("test_connection"));

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("cluster_name", "siem-prod")
                .containsEntry("status", "green")
                .containsEntry("number_of_nodes", 3L)
                .containsEntry("active_shards_percent", 100.0)
                .doesNotContainKey("warning");
        service.verify(getRequestedFor(urlPathEqualTo("/_cluster/health"))
                .withHeader("Authorization", equalTo("ApiKey " + API_KEY)));
    }

    @Test
    void a_red_cluster_is_reported_with_a_warning_not_as_a_failure() {
        cluster.health("red");

        Map<String, Object> result = run(connector(), job("test_connection"));

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("status", "red")
                .containsEntry("unassigned_shards", 7L);
        assertThat((String) result.get("warning")).contains("primary shards are unassigned");
    }

    @Test
    void a_user_and_password_are_sent_as_basic_credentials() {
        String basic = Base64.getEncoder().encodeToString("siem-reader:r3ader-Pa55".getBytes(StandardCharsets.UTF_8));
        cluster.reset("Basic " + basic);

        Map<String, Object> result = run(
                connector("auth.api-key", null, "auth.username", "siem-reader", "auth.password", "r3ader-Pa55"),
                job("test_connection"));

        assertThat(result).containsEntry("ok", true);
    }

    @Test
    void a_token_is_sent_as_bearer() {
        cluster.reset("Bearer AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuLTE2OTk");

        Map<String, Object> result = run(
                connector("auth.api-key", null, "auth.token", "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuLTE2OTk"),
                job("test_connection"));

        assertThat(result).containsEntry("ok", true);
    }

    @Test
    void a_refused_api_key_fails_permanently_naming_the_auth_properties_without_showing_the_key() {
        cluster.reset("ApiKey some-other-key");

        ConnectorException failure = failure(connector(), job("test_connection"));

        assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("elastic: GET /_cluster/health answered 401")
                .contains("security_exception: unable to authenticate with provided credentials")
                .contains("jobs.connectors.elastic.auth.api-key")
                .doesNotContain(API_KEY);
        assertThat(Breakers.failureCount(testbed.breaker("elastic"))).isZero();
    }

    @Test
    void a_missing_privilege_fails_permanently_quoting_elasticsearch_and_naming_the_privilege() {
        service.stubFor(get(urlPathEqualTo("/_cluster/health"))
                .willReturn(FakeElasticsearch.answer(
                        403,
                        "security_exception",
                        "action [cluster:monitor/health] is unauthorized for API key id [VuaCfGcBCdbkQm-e5aOx]"
                                + " of user [siem-bot], this action is granted by the cluster privileges"
                                + " [monitor,manage,all]")));

        ConnectorException failure = failure(connector(), job("test_connection"));

        assertThat(failure.errorType()).isEqualTo("AccessDenied");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("action [cluster:monitor/health] is unauthorized")
                .contains("monitor on the cluster for test_connection");
    }

    @Test
    void without_a_base_url_or_a_credential_jobs_fail_as_not_configured_and_nothing_is_sent() {
        ConnectorException noUrl = failure(connector("base-url", null), job("test_connection"));
        ConnectorException noKey = failure(connector("auth.api-key", null), job("search"));

        assertThat(noUrl.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(noUrl.getMessage()).contains("jobs.connectors.elastic.base-url", "JOBS_CONNECTORS_ELASTIC_BASE_URL");
        assertThat(noKey.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(noKey.getMessage()).contains("jobs.connectors.elastic.auth.api-key", "auth.username");
        service.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void an_unknown_operation_lists_the_operations() {
        ConnectorException failure = failure(connector(), job("delete_index"));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.getMessage()).contains("test_connection, search, bulk_index");
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_jobs_fail_fast_without_reaching_the_cluster() {
        service.stubFor(get(urlPathEqualTo("/_cluster/health"))
                .willReturn(
                        FakeElasticsearch.answer(503, "master_not_discovered_exception", "master not discovered yet")));
        ElasticConnector connector = connector();

        ConnectorException first = failure(connector, job("test_connection"));
        for (int i = 0; i < 4; i++) {
            failure(connector, job("test_connection"));
        }
        int reached = service.findAll(anyRequestedFor(anyUrl())).size();
        ConnectorException later = failure(connector, job("test_connection"));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(first.getMessage()).contains("master_not_discovered_exception: master not discovered yet");
        assertThat(later).isInstanceOf(CircuitOpenException.class);
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).hasSize(reached);
    }
}
