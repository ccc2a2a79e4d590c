package dev.connectorjobs.worker.connector.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@code jira} connector against WireMock stubs that answer as Jira Cloud and the Assets REST
 * API do: documented paths, bodies and headers, {@code isLast} as a boolean or a string, Jira's
 * error bodies, 429 with {@code Retry-After} and an ISO {@code X-RateLimit-Reset}.
 */
class JiraConnectorContractTest extends JiraStubbedTest {

    @Test
    void it_declares_the_catalogue_entry_guarded_by_the_jira_breaker() {
        assertThat(connector().descriptor()).isSameAs(ItsmConnectors.JIRA);
        assertThat(ItsmConnectors.JIRA.breaker()).contains("jira");
    }

    @Nested
    class FetchAssets {

        @Test
        void reads_every_page_until_isLast_and_normalizes_each_object() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 5, false, 1, 2))));
            jira.stubFor(aqlPage(2).willReturn(okJson(AssetsPages.page(2, 2, 5, false, 3, 4))));
            jira.stubFor(aqlPage(4).willReturn(okJson(AssetsPages.page(4, 2, 5, true, 5, 5))));

            Object result = connector().execute(aJob("jira", "fetch_assets"));

            assertThat(map(result)).containsEntry("count", 5L).containsEntry("truncated", false);
            assertThat(map(result)).containsEntry("source", "jira").containsEntry("page_cap_reached", false);
            assertThat(assets(result)).extracting(NormalizedAsset::sourceId).containsExactly("1", "2", "3", "4", "5");
            assertThat(aqlStarts()).containsExactly("0", "2", "4");
            NormalizedAsset first = assets(result).getFirst();
            assertThat(first.source()).isEqualTo("jira");
            assertThat(first.name()).isEqualTo("host-1");
            assertThat(first.serialNumber()).isEqualTo(AssetsPages.serial(1));
            assertThat(first.os()).isEqualTo("Ubuntu");
            assertThat(first.osVersion()).isEqualTo("22.04");
            assertThat(first.ipAddresses()).containsExactly("10.0.0.1", "fd00::1");
            assertThat(first.lastSeen()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
            assertThat(first.attributes())
                    .containsEntry("objectKey", "ITAM-1")
                    .containsEntry("objectType", "Computer")
                    .containsEntry("Location", "Sydney")
                    .containsEntry("Status", "In Use")
                    .containsEntry("Created", "2024-01-02T03:04:05.678Z");
            assertThat(first.key()).isEqualTo("jira:1");
        }

        @Test
        void sends_the_aql_query_authenticated_with_the_documented_query_parameters() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 1, true, 1, 1))));

            connector()
                    .execute(aJob("jira", "fetch_assets").param("aql", "objectType = Laptop AND Status = \"In Use\""));

            jira.verify(postRequestedFor(urlPathEqualTo(AQL_PATH))
                    .withQueryParam("startAt", equalTo("0"))
                    .withQueryParam("maxResults", equalTo("2"))
                    .withQueryParam("includeAttributes", equalTo("true"))
                    .withHeader("Authorization", equalTo(BASIC))
                    .withHeader("Content-Type", equalTo("application/json"))
                    .withRequestBody(equalToJson("{\"qlQuery\":\"objectType = Laptop AND Status = \\\"In Use\\\"\"}")));
        }

        @Test
        void the_default_query_reads_computers() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 1, true, 1, 1))));

            connector().execute(aJob("jira", "fetch_assets"));

            jira.verify(postRequestedFor(urlPathEqualTo(AQL_PATH))
                    .withRequestBody(equalToJson("{\"qlQuery\":\"objectType = \\\"Computer\\\"\"}")));
        }

        @Test
        void isLast_sent_as_the_string_true_ends_paging_and_the_string_false_does_not() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 3, "false", 1, 2))));
            jira.stubFor(aqlPage(2).willReturn(okJson(AssetsPages.page(2, 2, 3, "true", 3, 3))));

            Object result = connector().execute(aJob("jira", "fetch_assets"));

            assertThat(map(result)).containsEntry("count", 3L);
            assertThat(aqlStarts()).containsExactly("0", "2");
        }

        @Test
        void a_page_shorter_than_asked_advances_by_what_it_returned() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 3, false, 1, 1))));
            jira.stubFor(aqlPage(1).willReturn(okJson(AssetsPages.page(1, 2, 3, true, 2, 3))));

            Object result = connector().execute(aJob("jira", "fetch_assets"));

            assertThat(assets(result)).extracting(NormalizedAsset::sourceId).containsExactly("1", "2", "3");
        }

        @Test
        void without_isLast_an_empty_page_ends_paging() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, null, null, 1, 2))));
            jira.stubFor(aqlPage(2).willReturn(okJson(AssetsPages.page(2, 2, null, null, 3, 2))));

            Object result = connector().execute(aJob("jira", "fetch_assets"));

            assertThat(map(result)).containsEntry("count", 2L);
            assertThat(aqlStarts()).containsExactly("0", "2");
        }

        @Test
        void without_isLast_the_total_ends_paging() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 2, null, 1, 2))));

            Object result = connector().execute(aJob("jira", "fetch_assets"));

            assertThat(map(result)).containsEntry("count", 2L);
            assertThat(aqlStarts()).containsExactly("0");
        }

        @Test
        void a_429_with_retry_after_in_the_middle_of_paging_resumes_at_the_same_page() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 6, false, 1, 2))));
            jira.stubFor(aqlPage(2)
                    .inScenario("rate limit")
                    .whenScenarioStateIs(STARTED)
                    .willReturn(json(429, "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}")
                            .withHeader("Retry-After", "1")
                            .withHeader(
                                    "X-RateLimit-Reset",
                                    Instant.now().plusSeconds(1).toString()))
                    .willSetStateTo("recovered"));
            jira.stubFor(aqlPage(2)
                    .inScenario("rate limit")
                    .whenScenarioStateIs("recovered")
                    .willReturn(okJson(AssetsPages.page(2, 2, 6, false, 3, 4))));
            jira.stubFor(aqlPage(4).willReturn(okJson(AssetsPages.page(4, 2, 6, true, 5, 6))));

            Object result = connector().execute(aJob("jira", "fetch_assets").param("publish", true));

            assertThat(assets(result))
                    .extracting(NormalizedAsset::sourceId)
                    .containsExactly("1", "2", "3", "4", "5", "6");
            assertThat(published)
                    .extracting(NormalizedAsset::key)
                    .doesNotHaveDuplicates()
                    .hasSize(6);
            assertThat(aqlStarts()).containsExactly("0", "2", "2", "4");
            assertThat(map(result)).containsEntry("published", 6L);
        }

        @Test
        void a_retry_after_beyond_the_clients_cap_fails_the_attempt_as_throttled_with_the_wait() {
            jira.stubFor(aqlPage(0)
                    .willReturn(
                            json(429, "{\"errorMessages\":[],\"errors\":{}}").withHeader("Retry-After", "120")));

            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector().execute(aJob("jira", "fetch_assets")));

            assertThat(failure.errorType()).isEqualTo("Throttled");
            assertThat(failure.isRetryable()).isTrue();
            assertThat(failure.retryAfter())
                    .hasValueSatisfying(wait -> assertThat(wait.toSeconds()).isEqualTo(120));
            assertThat(aqlStarts()).containsExactly("0");
        }

        @Test
        void a_401_fails_permanently_at_once_and_is_not_a_breaker_failure() {
            jira.stubFor(post(urlPathEqualTo(AQL_PATH))
                    .willReturn(json(
                                    401,
                                    "{\"errorMessages\":[\"Client must be authenticated to access this"
                                            + " resource.\"],\"errors\":{}}")
                            .withHeader("WWW-Authenticate", "Basic realm=\"protected-area\"")));
            JiraConnector connector = connector();

            for (int i = 0; i < 6; i++) {
                ConnectorException failure = catchThrowableOfType(
                        ConnectorException.class, () -> connector.execute(aJob("jira", "fetch_assets")));
                assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
                assertThat(failure.isRetryable()).isFalse();
                assertThat(failure.httpStatus()).contains(401);
                assertThat(failure.getMessage())
                        .contains("answered 401", "Client must be authenticated", "jobs.connectors.jira.auth")
                        .doesNotContain(API_TOKEN, BASIC.substring(6));
            }

            assertThat(received()).hasSize(6);
            assertThat(breakers.get("jira").state()).isEqualTo(State.CLOSED);
        }

        @Test
        void a_5xx_storm_opens_the_breaker_and_later_calls_fail_fast_without_a_request() {
            jira.stubFor(post(urlPathEqualTo(AQL_PATH))
                    .willReturn(json(503, "{\"errorMessages\":[\"Service Unavailable\"],\"errors\":{}}")));
            JiraConnector connector = connector();

            ConnectorException first = catchThrowableOfType(
                    ConnectorException.class, () -> connector.execute(aJob("jira", "fetch_assets")));
            assertThat(first.errorType()).isEqualTo("HttpServerError");
            assertThat(first.isRetryable()).isTrue();
            assertThat(received()).hasSize(4);

            CircuitOpenException second = catchThrowableOfType(
                    CircuitOpenException.class, () -> connector.execute(aJob("jira", "fetch_assets")));
            assertThat(second.breaker()).isEqualTo("jira");
            assertThat(breakers.get("jira").state()).isEqualTo(State.OPEN);
            assertThat(received()).hasSize(5);

            catchThrowableOfType(CircuitOpenException.class, () -> connector.execute(aJob("jira", "fetch_assets")));
            assertThat(received()).hasSize(5);
        }

        @Test
        void a_page_without_values_fails_permanently_naming_the_connector_and_the_field() {
            jira.stubFor(
                    aqlPage(0).willReturn(okJson("{\"startAt\":0,\"maxResults\":2,\"total\":3,\"isLast\":false}")));

            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector().execute(aJob("jira", "fetch_assets")));

            assertThat(failure.errorType()).isEqualTo("MalformedResponse");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage()).isEqualTo("jira: the AQL page at startAt=0 has no 'values' array");
        }

        @Test
        void an_object_without_an_id_fails_permanently_naming_the_field_and_the_page() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 3, false, 1, 2))));
            jira.stubFor(
                    aqlPage(2).willReturn(okJson("{\"startAt\":2,\"isLast\":true,\"values\":[{\"label\":\"x\"}]}")));

            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector().execute(aJob("jira", "fetch_assets")));

            assertThat(failure.errorType()).isEqualTo("MalformedResponse");
            assertThat(failure.getMessage()).isEqualTo("jira: an object in the AQL page at startAt=2 has no 'id'");
        }

        @Test
        void an_isLast_that_is_no_boolean_and_a_body_that_is_no_json_fail_permanently() {
            jira.stubFor(aqlPage(0).willReturn(okJson("{\"isLast\":\"maybe\",\"values\":[]}")));
            ConnectorException flag = catchThrowableOfType(
                    ConnectorException.class, () -> connector().execute(aJob("jira", "fetch_assets")));
            assertThat(flag.getMessage()).contains("jira:", "'isLast'");

            jira.stubFor(aqlPage(0)
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/html")
                            .withBody("<html>Atlassian maintenance</html>")));
            ConnectorException html = catchThrowableOfType(
                    ConnectorException.class, () -> connector().execute(aJob("jira", "fetch_assets")));
            assertThat(html.errorType()).isEqualTo("MalformedResponse");
            assertThat(html.getMessage())
                    .startsWith("jira: the AQL page at startAt=0")
                    .contains("is not JSON");
        }

        @Test
        void cancelling_the_job_stops_paging_between_pages() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 6, false, 1, 2))));
            jira.stubFor(aqlPage(2).willReturn(okJson(AssetsPages.page(2, 2, 6, false, 3, 4))));
            FakeJobContext job = aJob("jira", "fetch_assets");
            job.onProgress(count -> job.cancellation().cancel("revoked"));

            catchThrowableOfType(JobCancelledException.class, () -> connector().execute(job));

            assertThat(aqlStarts()).containsExactly("0");
        }

        @Test
        void max_assets_stops_paging_once_reached() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 6, false, 1, 2))));
            jira.stubFor(aqlPage(2).willReturn(okJson(AssetsPages.page(2, 2, 6, false, 3, 4))));

            Object result = connector().execute(aJob("jira", "fetch_assets").param("max_assets", 3));

            assertThat(assets(result)).extracting(NormalizedAsset::sourceId).containsExactly("1", "2", "3");
            assertThat(aqlStarts()).containsExactly("0", "2");
        }

        @Test
        void the_page_cap_stops_paging_and_says_so() {
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 6, false, 1, 2))));
            jira.stubFor(aqlPage(2).willReturn(okJson(AssetsPages.page(2, 2, 6, false, 3, 4))));
            JiraConnector connector = connector(Map.of(
                    "jobs.connectors.jira.workspace-id", AssetsPages.WORKSPACE,
                    "jobs.connectors.jira.page-size", "2",
                    "jobs.connectors.jira.page-cap", "2"));

            Object result = connector.execute(aJob("jira", "fetch_assets"));

            assertThat(map(result)).containsEntry("count", 4L).containsEntry("page_cap_reached", true);
            assertThat(aqlStarts()).containsExactly("0", "2");
        }

        @Test
        void without_a_configured_workspace_it_is_discovered_once_and_cached() {
            jira.stubFor(get(urlPathEqualTo(AssetsWorkspace.DISCOVERY_PATH))
                    .withHeader("Authorization", equalTo(BASIC))
                    .willReturn(okJson(workspaces(AssetsPages.WORKSPACE))));
            jira.stubFor(aqlPage(0).willReturn(okJson(AssetsPages.page(0, 2, 1, true, 1, 1))));
            JiraConnector connector = connector(Map.of("jobs.connectors.jira.page-size", "2"));

            connector.execute(aJob("jira", "fetch_assets"));
            connector.execute(aJob("jira", "fetch_assets"));

            jira.verify(1, getRequestedFor(urlPathEqualTo(AssetsWorkspace.DISCOVERY_PATH)));
            assertThat(aqlStarts()).containsExactly("0", "0");
        }

        @Test
        void a_site_without_assets_fails_permanently_saying_what_to_configure() {
            jira.stubFor(get(urlPathEqualTo(AssetsWorkspace.DISCOVERY_PATH)).willReturn(okJson(workspaces())));

            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector(Map.of()).execute(aJob("jira", "fetch_assets")));

            assertThat(failure.errorType()).isEqualTo("AssetsNotAvailable");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage()).contains("jobs.connectors.jira.workspace-id");
        }
    }

    @Nested
    class TestConnection {

        @Test
        void reports_the_sites_assets_workspace() {
            jira.stubFor(get(urlPathEqualTo(AssetsWorkspace.DISCOVERY_PATH))
                    .withHeader("Authorization", equalTo(BASIC))
                    .willReturn(okJson(workspaces(AssetsPages.WORKSPACE))));

            Object result = connector(Map.of()).execute(aJob("jira", "test_connection"));

            assertThat(map(result))
                    .containsEntry("ok", true)
                    .containsEntry("workspace_id", AssetsPages.WORKSPACE)
                    .containsEntry("workspaces", List.of(AssetsPages.WORKSPACE));
        }

        @Test
        void a_403_fails_permanently_as_permission_denied() {
            jira.stubFor(get(urlPathEqualTo(AssetsWorkspace.DISCOVERY_PATH))
                    .willReturn(json(403, "{\"errorMessages\":[\"You do not have permission.\"],\"errors\":{}}")));

            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector(Map.of()).execute(aJob("jira", "test_connection")));

            assertThat(failure.errorType()).isEqualTo("PermissionDenied");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(received()).hasSize(1);
        }
    }

    @Nested
    class Configuration {

        @Test
        void without_a_base_url_jobs_fail_permanently_naming_the_property() {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class,
                    () -> connector(Map.of("jobs.connectors.jira.base-url", "")).execute(aJob("jira", "fetch_assets")));

            assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage()).contains("jobs.connectors.jira.base-url");
            assertThat(received()).isEmpty();
        }

        @Test
        void without_credentials_jobs_fail_permanently_naming_the_properties() {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class,
                    () -> connector(Map.of(
                                    "jobs.connectors.jira.auth.username", "", "jobs.connectors.jira.auth.token", ""))
                            .execute(aJob("jira", "create_issue")));

            assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
            assertThat(failure.getMessage())
                    .contains("jobs.connectors.jira.auth.username", "jobs.connectors.jira.auth.bearer-token");
        }

        @Test
        void an_oauth_token_is_sent_as_bearer() {
            jira.stubFor(get(urlPathEqualTo(AssetsWorkspace.DISCOVERY_PATH))
                    .withHeader("Authorization", equalTo("Bearer oauth-access-token-123"))
                    .willReturn(okJson(workspaces(AssetsPages.WORKSPACE))));

            Object result = connector(Map.of(
                            "jobs.connectors.jira.auth.username", "",
                            "jobs.connectors.jira.auth.token", "",
                            "jobs.connectors.jira.auth.bearer-token", "oauth-access-token-123"))
                    .execute(aJob("jira", "test_connection"));

            assertThat(map(result)).containsEntry("ok", true);
        }

        @Test
        void an_unknown_operation_fails_permanently() {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector().execute(aJob("jira", "delete_project")));

            assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        }
    }
}
