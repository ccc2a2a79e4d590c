package dev.connectorjobs.worker.connector.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code datadog} against a site that answers as Datadog's API v1 does ({@link FakeDatadog}): keys as
 * headers (the application key only on reads), hosts paged with {@code start}/{@code count} up to
 * {@code total_matching}, EC2 hosts without an {@code id}, 403 for a key Datadog refuses, and rate
 * limits that answer 429 with the seconds until they reset in {@code X-RateLimit-Reset}.
 */
class DatadogContractTest {

    static final DatadogStub stub = new DatadogStub();

    @RegisterExtension
    static final VendorStubExtension vendor = stub.vendor;

    static final WireMockServer site = stub.server;

    @BeforeEach
    void install() {
        stub.install();
    }

    static Map<String, Object> run(DatadogConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    static List<String> linuxHosts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(FakeDatadog::linuxHost).toList();
    }

    static List<LoggedRequest> hostRequests() {
        return site.findAll(getRequestedFor(urlPathEqualTo(DatadogHosts.PATH)));
    }

    @Test
    void it_declares_the_catalogue_entry_guarded_by_the_datadog_breaker() {
        assertThat(stub.connector().descriptor()).isSameAs(SiemConnectors.DATADOG);
        assertThat(SiemConnectors.DATADOG.breaker()).contains("datadog");
    }

    @Test
    void fetch_assets_pages_with_start_and_count_until_total_matching_with_both_keys_and_normalizes_every_host() {
        List<String> hosts = new ArrayList<>(linuxHosts(4));
        hosts.add(FakeDatadog.ec2Host("i-0f1e2d3c4b5a69788"));
        stub.datadog.hosts(hosts);

        Map<String, Object> result =
                run(stub.connector("jobs.connectors.datadog.page-size", "2"), aJob("datadog", "fetch_assets"));

        assertThat(hostRequests())
                .extracting(request -> request.queryParameter("start").firstValue())
                .containsExactly("0", "2", "4");
        assertThat(hostRequests()).allSatisfy(request -> {
            assertThat(request.getHeader("DD-API-KEY")).isEqualTo(DatadogStub.API_KEY);
            assertThat(request.getHeader("DD-APPLICATION-KEY")).isEqualTo(DatadogStub.APPLICATION_KEY);
            assertThat(request.queryParameter("count").firstValue()).isEqualTo("2");
            assertThat(request.queryParameter("include_hosts_metadata").firstValue())
                    .isEqualTo("true");
        });
        assertThat(result)
                .containsEntry("count", 5L)
                .containsEntry("pages", 3)
                .containsEntry("truncated", false)
                .containsEntry("page_cap_reached", false);
        List<NormalizedAsset> assets = ConnectorTestbed.assets(result);
        NormalizedAsset web = assets.getFirst();
        assertThat(web.source()).isEqualTo("datadog");
        assertThat(web.sourceId()).isEqualTo("web-001.prod.internal");
        assertThat(web.name()).isEqualTo("web-001.prod.internal");
        assertThat(web.os()).isEqualTo("linux");
        assertThat(web.osVersion()).isEqualTo("ubuntu 22.04");
        assertThat(web.lastSeen()).isEqualTo(Instant.ofEpochSecond(1_767_261_601L));
        assertThat(web.attributes())
                .containsEntry("id", 1_000_001)
                .containsEntry("agent_version", "7.61.0")
                .containsEntry("up", true)
                .containsEntry("tags", List.of("env:prod", "host:web-001", "team:web"))
                .containsEntry("aliases", List.of("web-001.prod.internal", "i-0a1b2c0001"));
        NormalizedAsset ec2 = assets.getLast();
        assertThat(ec2.sourceId()).isEqualTo("i-0f1e2d3c4b5a69788");
        assertThat(ec2.os()).isEqualTo("windows");
        assertThat(ec2.osVersion()).isEqualTo("10.0.20348");
        assertThat(ec2.attributes())
                .containsEntry("aws_id", "i-0f1e2d3c4b5a69788")
                .containsEntry("aws_name", "batch-worker")
                .containsEntry("is_muted", true)
                .doesNotContainKey("id");
    }

    @Test
    void max_assets_stops_the_read_a_result_over_the_kept_size_says_truncated_and_publish_publishes_every_host() {
        stub.datadog.hosts(linuxHosts(7));
        ConnectorTestbed testbed = stub.testbed();
        DatadogConnector connector = new DatadogConnector(
                ConnectorTestbed.bind(
                        DatadogProperties.PREFIX,
                        DatadogProperties.class,
                        stub.properties("jobs.connectors.datadog.page-size", "3")),
                testbed.clients(),
                testbed.mapper,
                testbed.clock,
                testbed.inventory("jobs.inventory.max-result-assets", "2"),
                testbed.sink());

        Map<String, Object> result = run(
                connector,
                aJob("datadog", "fetch_assets").param("max_assets", 4).param("publish", true));

        assertThat(result)
                .containsEntry("count", 4L)
                .containsEntry("truncated", true)
                .containsEntry("published", 4L);
        assertThat(ConnectorTestbed.assets(result)).hasSize(2);
        assertThat(hostRequests()).hasSize(2);
        assertThat(testbed.published)
                .extracting(NormalizedAsset::key)
                .containsExactly(
                        "datadog:web-001.prod.internal",
                        "datadog:web-002.prod.internal",
                        "datadog:web-003.prod.internal",
                        "datadog:web-004.prod.internal");
    }

    @Test
    void the_filter_goes_to_datadog_as_it_is() {
        stub.datadog.hosts(List.of(FakeDatadog.linuxHost(1), FakeDatadog.ec2Host("i-0abc")));

        Map<String, Object> result =
                run(stub.connector(), aJob("datadog", "fetch_assets").param("filter", "i-0abc"));

        assertThat(hostRequests().getFirst().queryParameter("filter").firstValue())
                .isEqualTo("i-0abc");
        assertThat(result).containsEntry("count", 1L);
    }

    @Test
    void a_rate_limit_is_waited_out_for_exactly_the_seconds_of_x_rate_limit_reset_and_the_read_goes_on() {
        stub.datadog.hosts(linuxHosts(6));
        stub.datadog.limitHosts(2, 1);

        Map<String, Object> result =
                run(stub.connector("jobs.connectors.datadog.page-size", "2"), aJob("datadog", "fetch_assets"));

        assertThat(result).containsEntry("count", 6L).containsEntry("pages", 3);
        List<ServeEvent> served = new ArrayList<>(site.getAllServeEvents());
        served.sort(Comparator.comparing(event -> event.getRequest().getLoggedDate()));
        assertThat(served)
                .anySatisfy(event -> assertThat(event.getResponse().getStatus()).isEqualTo(429));
        for (int i = 0; i + 1 < served.size(); i++) {
            ServeEvent throttled = served.get(i);
            ServeEvent next = served.get(i + 1);
            if (throttled.getResponse().getStatus() == 429 && next.getResponse().getStatus() == 200) {
                long reset = Long.parseLong(throttled
                        .getResponse()
                        .getHeaders()
                        .getHeader("X-RateLimit-Reset")
                        .firstValue());
                long gap = next.getRequest().getLoggedDate().getTime()
                        - throttled.getRequest().getLoggedDate().getTime();
                assertThat(gap)
                        .as("milliseconds between the 429 and the next request")
                        .isGreaterThanOrEqualTo(reset * 1000 - 1);
            }
        }
    }

    @Test
    void a_reset_longer_than_max_throttle_wait_fails_the_attempt_retryably_carrying_the_wait_and_naming_the_limit() {
        stub.datadog.hosts(linuxHosts(4));
        stub.datadog.limitHosts(1, 120);

        ConnectorException throttled = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        stub.connector(
                                "jobs.connectors.datadog.page-size",
                                "2",
                                "jobs.connectors.datadog.max-throttle-wait",
                                "30s"),
                        aJob("datadog", "fetch_assets")));

        assertThat(throttled.errorType()).isEqualTo("Throttled");
        assertThat(throttled.isRetryable()).isTrue();
        assertThat(throttled.retryAfter())
                .hasValueSatisfying(
                        wait -> assertThat(wait).isBetween(Duration.ofSeconds(118), Duration.ofSeconds(120)));
        assertThat(throttled.getMessage())
                .startsWith("datadog: GET /api/v1/hosts answered 429")
                .contains(
                        "Rate limit of 1 requests in 120 seconds reached",
                        "rate limit hosts_list (1 requests per 120 s)");
    }

    @Test
    void a_reset_past_the_job_s_time_limit_is_left_to_the_job_s_retry() {
        stub.datadog.hosts(linuxHosts(4));
        stub.datadog.limitHosts(1, 20);
        FakeJobContext job =
                aJob("datadog", "fetch_assets").deadline(Instant.now().plusSeconds(5));

        ConnectorException throttled = catchThrowableOfType(
                ConnectorException.class, () -> run(stub.connector("jobs.connectors.datadog.page-size", "2"), job));

        assertThat(throttled.errorType()).isEqualTo("Throttled");
        assertThat(throttled.retryAfter())
                .hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(18), Duration.ofSeconds(20)));
    }

    @Test
    void an_application_key_datadog_refuses_fails_permanently_naming_the_properties_and_the_site() {
        stub.datadog.hosts(linuxHosts(1));
        DatadogConnector connector =
                stub.connector("jobs.connectors.datadog.auth.application-key", "revoked-app-key-0");

        for (int i = 0; i < 6; i++) {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> run(connector, aJob("datadog", "fetch_assets")));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.httpStatus()).contains(403);
            assertThat(failure.getMessage())
                    .startsWith("datadog: GET /api/v1/hosts answered 403: Forbidden; Datadog refused the keys")
                    .contains("jobs.connectors.datadog.auth.api-key", "auth.application-key", site.baseUrl())
                    .doesNotContain("revoked-app-key-0", DatadogStub.API_KEY);
        }

        assertThat(stub.testbed().breaker("datadog").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void without_an_application_key_hosts_are_not_configured_but_events_still_go_with_the_api_key_alone() {
        DatadogConnector connector = stub.connector(Map.of(
                "jobs.connectors.datadog.base-url",
                site.baseUrl(),
                "jobs.connectors.datadog.auth.api-key",
                DatadogStub.API_KEY));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(connector, aJob("datadog", "fetch_assets")));
        Map<String, Object> posted = run(
                connector,
                aJob("datadog", "post_event").param("title", "Deploy").param("text", "web 2026.3 rolled out"));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage()).contains("jobs.connectors.datadog.auth.application-key", "hosts_read");
        assertThat(posted).containsKey("event_id");
        assertThat(site.findAll(postRequestedFor(urlPathEqualTo(EventPost.PATH)))
                        .getFirst()
                        .containsHeader("DD-APPLICATION-KEY"))
                .isFalse();
    }

    @Test
    void post_event_sends_the_event_with_the_job_s_id_as_aggregation_key_and_returns_its_id_and_url() throws Exception {
        FakeJobContext job = aJob("datadog", "post_event")
                .param("title", "Patch window started")
                .param("text", "%%% \nPatching **42** hosts\n %%%")
                .param("tags", List.of("env:prod", "team:ops"))
                .param("alert_type", "WARNING")
                .param("priority", "low")
                .param("host", "web-001.prod.internal");

        Map<String, Object> result = run(stub.connector(), job);

        LoggedRequest post =
                site.findAll(postRequestedFor(urlPathEqualTo(EventPost.PATH))).getFirst();
        assertThat(post.getHeader("DD-API-KEY")).isEqualTo(DatadogStub.API_KEY);
        JsonNode body = JsonMapper.builder().build().readTree(post.getBodyAsString());
        assertThat(body.path("title").asString()).isEqualTo("Patch window started");
        assertThat(body.path("text").asString()).startsWith("%%%");
        assertThat(body.path("tags").toString()).isEqualTo("[\"env:prod\",\"team:ops\"]");
        assertThat(body.path("alert_type").asString()).isEqualTo("warning");
        assertThat(body.path("priority").asString()).isEqualTo("low");
        assertThat(body.path("host").asString()).isEqualTo("web-001.prod.internal");
        assertThat(body.path("aggregation_key").asString())
                .isEqualTo(job.jobId().toString());
        assertThat(result.get("event_id").toString()).matches("\\d{19}");
        assertThat(result).containsEntry("status", "ok");
        assertThat(result.get("url").toString()).startsWith("https://app.datadoghq.com/event/event?id=");
    }

    @Test
    void a_title_longer_than_datadog_takes_is_an_invalid_request_and_nothing_is_posted() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        stub.connector(),
                        aJob("datadog", "post_event")
                                .param("title", "x".repeat(101))
                                .param("text", "t")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage()).contains("title has 101 characters; Datadog takes at most 100");
        assertThat(site.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void test_connection_validates_the_api_key_and_a_refused_key_is_an_authentication_failure() {
        Map<String, Object> ok = run(stub.connector(), aJob("datadog", "test_connection"));
        ConnectorException refused = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        stub.connector("jobs.connectors.datadog.auth.api-key", "us1-key-on-the-eu-site"),
                        aJob("datadog", "test_connection")));

        assertThat(ok).containsEntry("ok", true).containsEntry("valid", true);
        assertThat(refused.errorType()).isEqualTo("AuthenticationFailed");
        assertThat(refused.getMessage()).startsWith("datadog: GET /api/v1/validate answered 403: Forbidden");
        assertThat(site.findAll(getRequestedFor(urlPathEqualTo("/api/v1/validate")))
                        .getFirst()
                        .containsHeader("DD-APPLICATION-KEY"))
                .isFalse();
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_calls_fail_fast_without_reaching_datadog() {
        site.stubFor(WireMock.any(anyUrl())
                .atPriority(1)
                .willReturn(FakeDatadog.json(503, "{\"errors\":[\"Service Unavailable\"]}")));

        ConnectorException first = catchThrowableOfType(
                ConnectorException.class, () -> run(stub.connector(), aJob("datadog", "fetch_assets")));
        CircuitOpenException second = catchThrowableOfType(
                CircuitOpenException.class, () -> run(stub.connector(), aJob("datadog", "fetch_assets")));
        CircuitOpenException third = catchThrowableOfType(
                CircuitOpenException.class,
                () -> run(
                        stub.connector(),
                        aJob("datadog", "post_event").param("title", "t").param("text", "t")));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.getMessage()).contains("Service Unavailable");
        assertThat(second.breaker()).isEqualTo("datadog");
        assertThat(third.spendsRetry()).isFalse();
        assertThat(stub.testbed().breaker("datadog").state()).isEqualTo(State.OPEN);
        assertThat(site.findAll(anyRequestedFor(anyUrl()))).hasSize(5);
    }

    @Test
    void a_page_without_a_host_list_or_a_host_without_a_name_fails_naming_the_field() {
        site.stubFor(WireMock.get(urlPathEqualTo(DatadogHosts.PATH))
                .atPriority(1)
                .willReturn(FakeDatadog.json(200, "{\"total_matching\":1,\"total_returned\":1}")));
        ConnectorException noList = catchThrowableOfType(
                ConnectorException.class, () -> run(stub.connector(), aJob("datadog", "fetch_assets")));
        site.stubFor(WireMock.get(urlPathEqualTo(DatadogHosts.PATH))
                .atPriority(1)
                .willReturn(FakeDatadog.json(200, "{\"host_list\":[{\"id\":1,\"up\":true}],\"total_matching\":1}")));
        ConnectorException noName = catchThrowableOfType(
                ConnectorException.class, () -> run(stub.connector(), aJob("datadog", "fetch_assets")));

        assertThat(noList.errorType()).isEqualTo("MalformedResponse");
        assertThat(noList.getMessage())
                .isEqualTo("datadog: GET /api/v1/hosts answered with a malformed body: 'host_list' is missing");
        assertThat(noName.getMessage()).endsWith("page 1: host_list[0].name is missing");
    }
}
