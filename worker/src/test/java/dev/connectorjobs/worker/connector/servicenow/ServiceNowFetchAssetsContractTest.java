package dev.connectorjobs.worker.connector.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fetch_assets} against a stub that pages, throttles and fails like the Table API. */
class ServiceNowFetchAssetsContractTest {

    static final FakeCmdb CMDB = new FakeCmdb();
    static final String CMDB_PATH = "/api/now/table/cmdb_ci";
    static final String USER_NOT_AUTHENTICATED = "{\"error\":{\"message\":\"User Not Authenticated\","
            + "\"detail\":\"Required to provide Auth information\"},\"status\":\"failure\"}";

    static WireMockServer instance;

    private Testbed testbed;

    @BeforeAll
    static void startInstance() {
        instance = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(CMDB));
        instance.start();
    }

    @AfterAll
    static void stopInstance() {
        instance.stop();
    }

    @BeforeEach
    void reset() {
        instance.resetAll();
        CMDB.reset(0);
        instance.stubFor(get(urlPathMatching("/api/now/table/cmdb_ci.*"))
                .willReturn(aResponse().withTransformers(FakeCmdb.NAME)));
        testbed = new Testbed();
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    private ServiceNowConnector connector(String... extra) {
        return testbed.basic(instance.baseUrl(), extra);
    }

    private static List<LoggedRequest> pageRequests() {
        return instance.findAll(getRequestedFor(urlPathMatching("/api/now/table/.*")));
    }

    private static List<String> sysIds(int from, int to) {
        return IntStream.range(from, to).mapToObj(FakeCmdb::sysId).toList();
    }

    @Test
    void several_pages_are_followed_through_the_link_header_in_sys_id_order() {
        CMDB.reset(25);

        Map<String, Object> result = asMap(connector("jobs.connectors.servicenow.page-size=10")
                .execute(aJob("servicenow", "fetch_assets").param("publish", true)));

        assertThat(result).containsEntry("count", 25L).containsEntry("pages", 3).containsEntry("truncated", false);
        assertThat(testbed.published).extracting(NormalizedAsset::sourceId).containsExactlyElementsOf(sysIds(0, 25));
        assertThat(pageRequests())
                .extracting(r -> r.queryParameter("sysparm_offset").firstValue())
                .containsExactly("0", "10", "20");
        LoggedRequest first = pageRequests().getFirst();
        assertThat(first.queryParameter("sysparm_query").firstValue()).isEqualTo("ORDERBYsys_id");
        assertThat(first.queryParameter("sysparm_limit").firstValue()).isEqualTo("10");
        assertThat(first.queryParameter("sysparm_exclude_reference_link").firstValue())
                .isEqualTo("true");
        assertThat(first.queryParameter("sysparm_fields").firstValue()).startsWith("sys_id,name,");
        assertThat(first.getHeader("Authorization")).startsWith("Basic ");
        assertThat(first.getHeader("Accept")).isEqualTo("application/json");
    }

    @Test
    void each_ci_is_normalized_with_the_rest_of_its_fields_as_attributes() {
        CMDB.reset(3);

        Map<String, Object> result = asMap(connector().execute(aJob("servicenow", "fetch_assets")));

        assertThat(assets(result)).hasSize(3);
        NormalizedAsset second = assets(result).get(1);
        assertThat(second.source()).isEqualTo("servicenow");
        assertThat(second.sourceId()).isEqualTo(FakeCmdb.sysId(1));
        assertThat(second.key()).isEqualTo("servicenow:" + FakeCmdb.sysId(1));
        assertThat(second.name()).isEqualTo("srv-000001");
        assertThat(second.serialNumber()).isEqualTo("VMW-00000001");
        assertThat(second.os()).isEqualTo("Linux Red Hat");
        assertThat(second.osVersion()).isEqualTo("9.3");
        assertThat(second.ipAddresses()).containsExactly("10.0.0.1");
        assertThat(second.lastSeen()).isEqualTo(FakeCmdb.updated(1));
        assertThat(second.attributes())
                .containsEntry("sys_class_name", "cmdb_ci_linux_server")
                .containsEntry("asset_tag", "P0000001")
                .containsEntry("fqdn", "srv-000001.acme.example")
                .doesNotContainKeys("sys_id", "name", "model_id", "location");
        assertThat(result).containsEntry("source", "servicenow").containsEntry("table", "cmdb_ci");
    }

    @Test
    void without_a_link_header_it_pages_by_offset_until_x_total_count_is_reached() {
        CMDB.reset(20).withoutLinkHeader();

        Map<String, Object> result =
                asMap(connector("jobs.connectors.servicenow.page-size=10").execute(aJob("servicenow", "fetch_assets")));

        assertThat(result).containsEntry("count", 20L).containsEntry("pages", 2);
        assertThat(pageRequests())
                .extracting(r -> r.queryParameter("sysparm_offset").firstValue())
                .containsExactly("0", "10");
    }

    @Test
    void without_link_and_total_count_headers_it_pages_by_offset_until_a_short_page() {
        CMDB.reset(23).withoutLinkHeader().withoutTotalCount();
        ServiceNowConnector connector = connector("jobs.connectors.servicenow.page-size=10");

        Map<String, Object> result =
                asMap(connector.execute(aJob("servicenow", "fetch_assets").param("publish", true)));

        assertThat(result).containsEntry("count", 23L).containsEntry("pages", 3);
        assertThat(testbed.published).extracting(NormalizedAsset::sourceId).containsExactlyElementsOf(sysIds(0, 23));
    }

    @Test
    void a_table_that_fits_one_page_has_no_link_header_and_takes_one_request() {
        CMDB.reset(7);

        Map<String, Object> result = asMap(connector().execute(aJob("servicenow", "fetch_assets")));

        assertThat(result).containsEntry("count", 7L).containsEntry("pages", 1);
        assertThat(pageRequests()).hasSize(1);
        assertThat(instance.getAllServeEvents()
                        .getFirst()
                        .getResponse()
                        .getHeaders()
                        .getHeader("Link")
                        .isPresent())
                .isFalse();
    }

    @Test
    void a_429_with_retry_after_in_the_middle_of_paging_resumes_at_the_same_page_without_duplicates_or_gaps() {
        CMDB.reset(50).throttleOnceAt(20);

        long started = System.nanoTime();
        Map<String, Object> result = asMap(connector("jobs.connectors.servicenow.page-size=10")
                .execute(aJob("servicenow", "fetch_assets").param("publish", true)));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(result).containsEntry("count", 50L).containsEntry("pages", 5);
        assertThat(testbed.published).extracting(NormalizedAsset::sourceId).containsExactlyElementsOf(sysIds(0, 50));
        assertThat(pageRequests())
                .extracting(r -> r.queryParameter("sysparm_offset").firstValue())
                .containsExactly("0", "10", "20", "20", "30", "40");
        assertThat(tookMs).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(900);
        assertThat(testbed.breaker().state()).isEqualTo(State.CLOSED);
    }

    @Test
    void a_429_asking_for_a_longer_wait_than_the_client_may_wait_hands_that_wait_to_the_job_runner() {
        instance.stubFor(get(urlPathEqualTo(CMDB_PATH))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "120")
                        .withBody("{\"error\":{\"message\":\"Rate limit exceeded\",\"detail\":\"Rate limit of 1000"
                                + " requests per hour exceeded\"},\"status\":\"failure\"}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("servicenow", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("Throttled");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(failure.getMessage()).contains("answered 429").contains("(Rate limit exceeded: Rate limit of 1000");
        assertThat(pageRequests()).hasSize(1);
    }

    @Test
    void a_401_fails_permanently_at_once_without_retry_and_never_opens_the_breaker() {
        instance.stubFor(get(urlPathEqualTo(CMDB_PATH))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("WWW-Authenticate", "BASIC realm=\"Service-now\"")
                        .withBody(USER_NOT_AUTHENTICATED)));
        ServiceNowConnector connector = connector();

        for (int job = 0; job < 6; job++) {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector.execute(aJob("servicenow", "fetch_assets")));

            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.httpStatus()).contains(401);
            assertThat(failure.getMessage())
                    .contains("servicenow: GET /api/now/table/cmdb_ci answered 401")
                    .contains("User Not Authenticated: Required to provide Auth information")
                    .contains("jobs.connectors.servicenow.auth.")
                    .doesNotContain(Testbed.PASSWORD);
        }

        assertThat(pageRequests()).hasSize(6);
        assertThat(testbed.breaker().state()).isEqualTo(State.CLOSED);
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_then_jobs_fail_fast_without_reaching_the_instance() {
        instance.stubFor(get(urlPathEqualTo(CMDB_PATH))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Instance Unavailable</body></html>")));
        ServiceNowConnector connector = connector();

        ConnectorException first = catchThrowableOfType(
                ConnectorException.class, () -> connector.execute(aJob("servicenow", "fetch_assets")));
        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(first.getMessage()).contains("answered 503").contains("after 4 attempts");

        CircuitOpenException second = catchThrowableOfType(
                CircuitOpenException.class, () -> connector.execute(aJob("servicenow", "fetch_assets")));
        assertThat(second.breaker()).isEqualTo("servicenow");
        assertThat(testbed.breaker().state()).isEqualTo(State.OPEN);
        assertThat(pageRequests()).hasSize(5);

        CircuitOpenException third = catchThrowableOfType(
                CircuitOpenException.class, () -> connector.execute(aJob("servicenow", "fetch_assets")));
        assertThat(third.spendsRetry()).isFalse();
        assertThat(pageRequests()).hasSize(5);
    }

    @Test
    void a_body_without_result_fails_permanently_naming_the_connector_and_the_field() {
        instance.stubFor(get(urlPathEqualTo(CMDB_PATH)).atPriority(1).willReturn(okJson("{\"records\":[]}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("servicenow", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).startsWith("servicenow: response field 'result' is missing");
    }

    @Test
    void a_record_without_sys_id_or_a_result_that_is_no_list_fails_naming_the_field() {
        instance.stubFor(get(urlPathEqualTo(CMDB_PATH))
                .atPriority(1)
                .willReturn(okJson("{\"result\":[{\"sys_id\":\"a1\",\"name\":\"one\"},{\"name\":\"two\"}]}")));
        ConnectorException noSysId = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("servicenow", "fetch_assets")));
        assertThat(noSysId.getMessage()).isEqualTo("servicenow: response field 'result[1].sys_id' is missing");

        instance.stubFor(get(urlPathEqualTo(CMDB_PATH)).atPriority(1).willReturn(okJson("{\"result\":{}}")));
        ConnectorException notAList = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("servicenow", "fetch_assets")));
        assertThat(notAList.getMessage()).startsWith("servicenow: response field 'result' is not an array");
    }

    @Test
    void a_body_that_is_not_json_fails_permanently_saying_what_arrived() {
        instance.stubFor(get(urlPathEqualTo(CMDB_PATH))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html;charset=UTF-8")
                        .withBody("<html><head><title>ServiceNow</title></head><body>Log in</body></html>")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("servicenow", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage())
                .isEqualTo("servicenow: GET /api/now/table/cmdb_ci answered 200 with a body that is not valid JSON"
                        + " (Content-Type text/html;charset=UTF-8)");
    }

    @Test
    void a_cancelled_job_stops_paging_between_pages() {
        CMDB.reset(100);
        FakeJobContext job = aJob("servicenow", "fetch_assets");
        job.onProgress(fetched -> {
            if (fetched == 20) {
                job.cancellation().cancel("revoked");
            }
        });

        catchThrowableOfType(
                JobCancelledException.class,
                () -> connector("jobs.connectors.servicenow.page-size=10").execute(job));

        assertThat(pageRequests()).hasSize(2);
    }

    @Test
    void the_page_cap_stops_reading_and_says_so() {
        CMDB.reset(100);

        Map<String, Object> result =
                asMap(connector("jobs.connectors.servicenow.page-size=10", "jobs.connectors.servicenow.page-cap=3")
                        .execute(aJob("servicenow", "fetch_assets")));

        assertThat(result)
                .containsEntry("count", 30L)
                .containsEntry("pages", 3)
                .containsEntry("page_cap_reached", true);
        assertThat(pageRequests()).hasSize(3);
    }

    @Test
    void max_assets_stops_early_and_shrinks_the_page_to_what_is_needed() {
        CMDB.reset(100);

        Map<String, Object> result = asMap(connector("jobs.connectors.servicenow.page-size=10")
                .execute(aJob("servicenow", "fetch_assets").param("max_assets", 15)));

        assertThat(result).containsEntry("count", 15L).containsEntry("page_cap_reached", false);
        assertThat(pageRequests()).hasSize(2);
    }

    @Test
    void ci_class_fields_and_updated_since_shape_the_query() {
        instance.stubFor(get(urlPathEqualTo("/api/now/table/cmdb_ci_server"))
                .willReturn(aResponse().withTransformers(FakeCmdb.NAME)));
        CMDB.reset(2);

        Map<String, Object> result = asMap(connector()
                .execute(aJob("servicenow", "fetch_assets")
                        .param("ci_class", "cmdb_ci_server")
                        .param("fields", List.of("name", "location.name", "sys_id"))
                        .param("updated_since", "2024-03-01T06:00:00Z")));

        assertThat(result).containsEntry("table", "cmdb_ci_server").containsEntry("count", 2L);
        instance.verify(getRequestedFor(urlPathEqualTo("/api/now/table/cmdb_ci_server"))
                .withQueryParam("sysparm_query", equalTo("ORDERBYsys_id^sys_updated_on>=2024-03-01 06:00:00"))
                .withQueryParam("sysparm_fields", equalTo("sys_id,name,location.name")));
        assertThat(assets(result).getFirst().lastSeen()).isNull();
    }

    @Test
    void a_table_name_that_could_change_the_path_is_rejected_before_any_request() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector().execute(aJob("servicenow", "fetch_assets").param("ci_class", "../../sys_user")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage()).startsWith("servicenow: ci_class must be a table name");
        assertThat(instance.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void a_next_link_to_another_host_is_not_followed_and_paging_continues_by_offset() {
        instance.stubFor(
                get(urlPathEqualTo(CMDB_PATH))
                        .atPriority(1)
                        .withQueryParam("sysparm_offset", equalTo("0"))
                        .willReturn(
                                okJson("{\"result\":[{\"sys_id\":\"a\"},{\"sys_id\":\"b\"}]}")
                                        .withHeader("X-Total-Count", "3")
                                        .withHeader(
                                                "Link",
                                                "<https://evil.example/api/now/table/cmdb_ci?sysparm_offset=2&sysparm_limit=2>;rel=\"next\"")));
        instance.stubFor(get(urlPathEqualTo(CMDB_PATH))
                .atPriority(1)
                .withQueryParam("sysparm_offset", equalTo("2"))
                .willReturn(okJson("{\"result\":[{\"sys_id\":\"c\"}]}").withHeader("X-Total-Count", "3")));

        Map<String, Object> result =
                asMap(connector("jobs.connectors.servicenow.page-size=2").execute(aJob("servicenow", "fetch_assets")));

        assertThat(assets(result)).extracting(NormalizedAsset::sourceId).containsExactly("a", "b", "c");
    }

    @Test
    void at_most_max_result_assets_are_kept_in_the_result_and_the_rest_only_counted() {
        CMDB.reset(30);

        Map<String, Object> result =
                asMap(connector("jobs.inventory.max-result-assets=5").execute(aJob("servicenow", "fetch_assets")));

        assertThat(result).containsEntry("count", 30L).containsEntry("truncated", true);
        assertThat(assets(result)).hasSize(5);
        assertThat(result.get("published")).isEqualTo(0L);
        assertThat(testbed.published).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object result) {
        return (Map<String, Object>) result;
    }

    @SuppressWarnings("unchecked")
    static List<NormalizedAsset> assets(Map<String, Object> result) {
        return (List<NormalizedAsset>) result.get("assets");
    }
}
