package dev.connectorjobs.worker.connector.freshservice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.API_KEY;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.answer;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.assetId;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.assetsPage;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.basicAuthorization;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.createTicket;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.created;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.filterAnswer;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.throttled;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceStub.ticketFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.http.HttpProperties;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The {@code freshservice} connector against stubs that answer as Freshservice API v2 does. */
class FreshserviceConnectorTest {

    static final int PER_PAGE = 3;

    static WireMockServer service;

    private final SettableClock clock = SettableClock.atNow();
    private final BreakerRegistry breakers = Breakers.registry(clock, Map.of());
    private final List<NormalizedAsset> published = new ArrayList<>();
    private ServiceHttpClients clients = clients(Map.of());
    private FreshserviceStub stub;

    @BeforeAll
    static void startService() {
        service = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterAll
    static void stopService() {
        service.stop();
    }

    @BeforeEach
    void resetService() {
        service.resetAll();
        stub = new FreshserviceStub(service);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /** HTTP clients with millisecond backoffs, plus {@code extra} {@code jobs.http.*} settings. */
    private ServiceHttpClients clients(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jobs.http.defaults.backoff-base", "5ms");
        properties.putAll(extra);
        HttpProperties http = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobs.http", Bindable.of(HttpProperties.class));
        return new ServiceHttpClients(http, breakers, clock);
    }

    /** A connector for the stub with the stub's key and {@value #PER_PAGE} assets a page, plus {@code extra}. */
    private FreshserviceConnector connector(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jobs.connectors.freshservice.base-url", service.baseUrl());
        properties.put("jobs.connectors.freshservice.auth.api-key", API_KEY);
        properties.put("jobs.connectors.freshservice.page-size", Integer.toString(PER_PAGE));
        properties.putAll(extra);
        return unconfigured(properties);
    }

    private FreshserviceConnector connector() {
        return connector(Map.of());
    }

    private FreshserviceConnector unconfigured(Map<String, String> properties) {
        AssetSink sink = new AssetSink() {
            @Override
            public void publish(NormalizedAsset asset) {
                published.add(asset);
            }

            @Override
            public void flush() {}
        };
        return new FreshserviceConnector(
                FreshservicePropertiesTest.bind(properties),
                clients,
                JsonMapper.builder().build(),
                clock,
                new InventoryProperties(500),
                sink);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(FreshserviceConnector connector, FakeJobContext job) {
        return (Map<String, Object>) connector.execute(job);
    }

    @SuppressWarnings("unchecked")
    private static List<NormalizedAsset> assets(Map<String, Object> result) {
        return (List<NormalizedAsset>) result.get("assets");
    }

    private static List<String> sourceIds(Map<String, Object> result) {
        return assets(result).stream().map(NormalizedAsset::sourceId).toList();
    }

    private static List<String> idsOf(int first, int last) {
        return LongStream.rangeClosed(first, last)
                .mapToObj(n -> Long.toString(assetId((int) n)))
                .toList();
    }

    private static int assetRequests() {
        return service.findAll(getRequestedFor(urlPathEqualTo("/api/v2/assets")))
                .size();
    }

    @Test
    void it_declares_exactly_the_catalogue_entry_guarded_by_its_own_breaker() {
        assertThat(connector().descriptor()).isSameAs(ItsmConnectors.FRESHSERVICE);
        assertThat(ItsmConnectors.FRESHSERVICE.breaker()).contains("freshservice");
    }

    @Test
    void without_a_base_url_jobs_fail_permanently_naming_the_property_to_set() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> unconfigured(Map.of("jobs.connectors.freshservice.auth.api-key", API_KEY))
                        .execute(aJob("freshservice", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("jobs.connectors.freshservice.base-url", "JOBS_CONNECTORS_FRESHSERVICE_BASE_URL");
    }

    @Test
    void without_an_api_key_jobs_fail_permanently_naming_the_property_to_set() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> unconfigured(Map.of("jobs.connectors.freshservice.base-url", service.baseUrl()))
                        .execute(aJob("freshservice", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("jobs.connectors.freshservice.auth.api-key");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void an_unknown_operation_fails_permanently() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("freshservice", "delete_assets")));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.isRetryable()).isFalse();
    }

    @Test
    void test_connection_reads_one_ticket_with_the_api_key_as_basic_user_and_x_as_password() {
        stub.oneTicket();

        Map<String, Object> result = run(connector(), aJob("freshservice", "test_connection"));

        assertThat(result).containsEntry("ok", true).containsEntry("rate_limit_remaining", 97L);
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo("/api/v2/tickets"))
                        .withQueryParam("per_page", equalTo("1"))
                        .withHeader("Authorization", equalTo(basicAuthorization()))
                        .withHeader("X-Correlation-ID", matching("corr-.+")));
    }

    @Test
    void fetch_assets_reads_pages_from_the_first_until_an_empty_one_and_normalizes_every_asset() {
        stub.assets(9, PER_PAGE);
        FakeJobContext job = aJob("freshservice", "fetch_assets");

        Map<String, Object> result = run(connector(), job);

        assertThat(result).containsEntry("source", "freshservice").containsEntry("count", 9L);
        assertThat(result).containsEntry("truncated", false).containsEntry("page_cap_reached", false);
        assertThat(sourceIds(result)).isEqualTo(idsOf(1, 9));
        assertThat(assetRequests()).isEqualTo(4);
        service.verify(
                4,
                getRequestedFor(urlPathEqualTo("/api/v2/assets"))
                        .withHeader("Authorization", equalTo(basicAuthorization())));
        assertThat(job.progressReports()).containsExactly(3L, 6L, 9L, 9L);
        assertThat(published).isEmpty();
    }

    @Test
    void an_asset_is_normalized_from_its_fields_and_its_suffixed_type_fields() {
        stub.assets(1, PER_PAGE);

        NormalizedAsset asset =
                assets(run(connector(), aJob("freshservice", "fetch_assets"))).getFirst();

        assertThat(asset.source()).isEqualTo("freshservice");
        assertThat(asset.sourceId()).isEqualTo("21000200001");
        assertThat(asset.key()).isEqualTo("freshservice:21000200001");
        assertThat(asset.name()).isEqualTo("LAPTOP-0001");
        assertThat(asset.serialNumber()).isEqualTo("SN-00001");
        assertThat(asset.os()).isEqualTo("Microsoft Windows 11 Pro");
        assertThat(asset.osVersion()).isEqualTo("10.0.22631");
        assertThat(asset.ipAddresses()).containsExactly("10.0.0.1");
        assertThat(asset.lastSeen()).isEqualTo(Instant.parse("2024-03-02T10:15:00Z"));
        assertThat(asset.attributes())
                .containsEntry("display_id", 1)
                .containsEntry("asset_tag", "ASSET-1")
                .containsEntry("asset_type_id", 21000855272L)
                .doesNotContainKeys("id", "name", "description", "user_id");
        assertThat(asset.attributes().get("type_fields"))
                .asInstanceOf(MAP)
                .containsEntry("serial_number_21000855267", "SN-00001")
                .containsEntry("memory_21000855272", 15.73)
                .doesNotContainKey("vendor_21000855267");
    }

    @Test
    void a_page_shorter_than_per_page_is_the_last_one_asked_for() {
        stub.assets(8, PER_PAGE);

        Map<String, Object> result = run(connector(), aJob("freshservice", "fetch_assets"));

        assertThat(sourceIds(result)).isEqualTo(idsOf(1, 8));
        assertThat(assetRequests()).isEqualTo(3);
    }

    @Test
    void a_429_mid_paging_is_waited_out_and_paging_resumes_at_the_same_page_without_duplicates_or_gaps() {
        stub.assets(9, PER_PAGE);
        service.stubFor(assetsPage(2, PER_PAGE)
                .atPriority(1)
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(throttled(1)));

        Map<String, Object> result = run(connector(), aJob("freshservice", "fetch_assets"));

        assertThat(sourceIds(result)).isEqualTo(idsOf(1, 9));
        assertThat(result).containsEntry("count", 9L);
        service.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("1")));
        service.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("2")));
        service.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("3")));
    }

    @Test
    void a_429_longer_than_the_http_client_waits_is_waited_out_by_the_connector_at_the_same_page() {
        clients.close();
        clients = clients(Map.of("jobs.http.services.freshservice.max-retry-after", "0s"));
        stub.assets(9, PER_PAGE);
        service.stubFor(assetsPage(3, PER_PAGE)
                .atPriority(1)
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(throttled(1)));

        Map<String, Object> result = run(connector(), aJob("freshservice", "fetch_assets"));

        assertThat(sourceIds(result)).isEqualTo(idsOf(1, 9));
        service.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("1")));
        service.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("3")));
    }

    @Test
    void a_429_asking_for_more_than_max_throttle_wait_fails_the_attempt_as_retryable_with_the_wait() {
        stub.assets(9, PER_PAGE);
        service.stubFor(assetsPage(2, PER_PAGE).atPriority(1).willReturn(throttled(120)));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("freshservice", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("Throttled");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(120));
        service.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", equalTo("2")));
    }

    @Test
    void a_429_whose_wait_would_pass_the_time_limit_is_left_to_the_jobs_retry() {
        stub.assets(9, PER_PAGE);
        service.stubFor(assetsPage(1, PER_PAGE).atPriority(1).willReturn(throttled(30)));
        FakeJobContext job =
                aJob("freshservice", "fetch_assets").deadline(clock.instant().plusSeconds(20));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(job));

        assertThat(failure.errorType()).isEqualTo("Throttled");
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(assetRequests()).isEqualTo(1);
    }

    @Test
    void a_rejected_api_key_fails_permanently_without_retry_and_without_counting_against_the_breaker() {
        stub.assets(9, PER_PAGE);
        FreshserviceConnector connector = connector(Map.of("jobs.connectors.freshservice.auth.api-key", "revoked-key"));

        for (int i = 0; i < 6; i++) {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class, () -> connector.execute(aJob("freshservice", "fetch_assets")));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.httpStatus()).contains(401);
            assertThat(failure.getMessage())
                    .startsWith("freshservice: GET /api/v2/assets answered 401")
                    .contains("jobs.connectors.freshservice.auth.api-key")
                    .doesNotContain("revoked-key");
        }

        assertThat(assetRequests()).isEqualTo(6);
        assertThat(breakers.get("freshservice").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_calls_fail_fast_without_reaching_freshservice() {
        service.stubFor(assetsPage(1, PER_PAGE).atPriority(1).willReturn(serviceUnavailable()));
        FreshserviceConnector connector = connector();

        ConnectorException first = catchThrowableOfType(
                ConnectorException.class, () -> connector.execute(aJob("freshservice", "fetch_assets")));
        CircuitOpenException second = catchThrowableOfType(
                CircuitOpenException.class, () -> connector.execute(aJob("freshservice", "fetch_assets")));
        CircuitOpenException third = catchThrowableOfType(
                CircuitOpenException.class, () -> connector.execute(aJob("freshservice", "create_ticket")));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(second.breaker()).isEqualTo("freshservice");
        assertThat(third.spendsRetry()).isFalse();
        assertThat(breakers.get("freshservice").state()).isEqualTo(State.OPEN);
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).hasSize(5);
    }

    @Test
    void a_page_without_an_assets_array_fails_permanently_naming_the_connector_and_the_field() {
        service.stubFor(assetsPage(1, PER_PAGE).willReturn(answer(200).withBody("{\"asset\":[]}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("freshservice", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .isEqualTo("freshservice: GET /api/v2/assets answered with a malformed body: 'assets' is missing");
    }

    @Test
    void an_asset_without_an_id_fails_permanently_naming_the_page_and_the_field() {
        stub.assets(9, PER_PAGE);
        service.stubFor(assetsPage(2, PER_PAGE)
                .atPriority(1)
                .willReturn(answer(200)
                        .withBody("{\"assets\":[" + FreshserviceStub.asset(4) + ",{\"display_id\":5,"
                                + "\"name\":\"orphan\"}]}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("freshservice", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("freshservice", "page 2", "assets[1].id is missing");
    }

    @Test
    void an_html_page_instead_of_json_fails_permanently() {
        service.stubFor(assetsPage(1, PER_PAGE)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Freshservice is under maintenance</body></html>")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("freshservice", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("freshservice", "not JSON");
    }

    @Test
    void a_job_cancelled_between_pages_stops_paging() {
        stub.assets(9, PER_PAGE);
        FakeJobContext job = aJob("freshservice", "fetch_assets");
        job.onProgress(count -> job.cancellation().cancel("revoked"));

        catchThrowableOfType(JobCancelledException.class, () -> connector().execute(job));

        assertThat(assetRequests()).isEqualTo(1);
    }

    @Test
    void max_assets_stops_paging_as_soon_as_the_job_has_them() {
        stub.assets(9, PER_PAGE);

        Map<String, Object> result =
                run(connector(), aJob("freshservice", "fetch_assets").param("max_assets", 4));

        assertThat(sourceIds(result)).isEqualTo(idsOf(1, 4));
        assertThat(assetRequests()).isEqualTo(2);
    }

    @Test
    void the_page_cap_stops_paging_and_the_result_says_so() {
        stub.assets(9, PER_PAGE);

        Map<String, Object> result = run(
                connector(Map.of("jobs.connectors.freshservice.page-cap", "2")), aJob("freshservice", "fetch_assets"));

        assertThat(result).containsEntry("count", 6L).containsEntry("page_cap_reached", true);
        assertThat(assetRequests()).isEqualTo(2);
    }

    @Test
    void with_publish_every_asset_goes_to_the_sink_while_the_result_keeps_only_the_first() {
        stub.assets(9, PER_PAGE);
        FreshserviceConnector connector = new FreshserviceConnector(
                FreshservicePropertiesTest.bind(Map.of(
                        "jobs.connectors.freshservice.base-url",
                        service.baseUrl(),
                        "jobs.connectors.freshservice.auth.api-key",
                        API_KEY,
                        "jobs.connectors.freshservice.page-size",
                        "3")),
                clients,
                JsonMapper.builder().build(),
                clock,
                new InventoryProperties(2),
                new AssetSink() {
                    @Override
                    public void publish(NormalizedAsset asset) {
                        published.add(asset);
                    }

                    @Override
                    public void flush() {}
                });

        Map<String, Object> result =
                run(connector, aJob("freshservice", "fetch_assets").param("publish", true));

        assertThat(result)
                .containsEntry("count", 9L)
                .containsEntry("truncated", true)
                .containsEntry("published", 9L);
        assertThat(assets(result)).hasSize(2);
        assertThat(published).extracting(NormalizedAsset::key).hasSize(9).doesNotHaveDuplicates();
    }

    @Test
    void create_ticket_looks_its_tag_up_then_posts_the_documented_body_tagged_with_the_job() {
        FakeJobContext job = aJob("freshservice", "create_ticket")
                .param("email", "ops@acme.example")
                .param("subject", "Disk full on build-7")
                .param("description", "<div>/var is at 100%</div>")
                .param("priority", 3);
        String tag = TicketToken.of(job.jobId());
        service.stubFor(ticketFilter(tag).willReturn(filterAnswer(tag)));
        service.stubFor(createTicket().willReturn(created(7301, tag)));

        Map<String, Object> result = run(connector(), job);

        assertThat(result).isEqualTo(Map.of("id", 7301L, "created", true));
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo("/api/v2/tickets/filter"))
                        .withQueryParam("query", equalTo("\"tag:'" + tag + "'\""))
                        .withHeader("Authorization", equalTo(basicAuthorization())));
        service.verify(
                1,
                postRequestedFor(urlPathEqualTo("/api/v2/tickets"))
                        .withHeader("Authorization", equalTo(basicAuthorization()))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("""
                        {"email": "ops@acme.example", "subject": "Disk full on build-7",
                         "description": "<div>/var is at 100%%</div>", "status": 2, "priority": 3,
                         "tags": ["%s"]}""".formatted(tag))));
    }

    @Test
    void a_retry_after_a_lost_answer_finds_the_ticket_the_first_attempt_created_instead_of_creating_another() {
        FakeJobContext first = aJob("freshservice", "create_ticket")
                .param("email", "ops@acme.example")
                .param("subject", "Disk full on build-7")
                .param("description", "/var is at 100%");
        String tag = TicketToken.of(first.jobId());
        service.stubFor(ticketFilter(tag)
                .inScenario("ticket")
                .whenScenarioStateIs(STARTED)
                .willReturn(filterAnswer(tag)));
        service.stubFor(createTicket()
                .inScenario("ticket")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("created")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        service.stubFor(ticketFilter(tag)
                .inScenario("ticket")
                .whenScenarioStateIs("created")
                .willReturn(filterAnswer(tag, 88)));
        FreshserviceConnector connector = connector();

        ConnectorException lost = catchThrowableOfType(ConnectorException.class, () -> connector.execute(first));
        Map<String, Object> retried = run(connector, first.nextAttempt());

        assertThat(lost.isRetryable()).isTrue();
        assertThat(retried).isEqualTo(Map.of("id", 88L, "created", false));
        service.verify(1, postRequestedFor(urlPathEqualTo("/api/v2/tickets")));
    }

    @Test
    void a_validation_error_fails_permanently_naming_the_field_freshservice_rejected() {
        FakeJobContext job = aJob("freshservice", "create_ticket")
                .param("email", "not-an-email")
                .param("subject", "s")
                .param("description", "d");
        String tag = TicketToken.of(job.jobId());
        service.stubFor(ticketFilter(tag).willReturn(filterAnswer(tag)));
        service.stubFor(createTicket()
                .willReturn(answer(400)
                        .withBody("{\"description\":\"Validation failed\",\"errors\":[{\"field\":\"email\","
                                + "\"message\":\"It should be a valid email address\",\"code\":\"invalid_value\"}]}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(job));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .isEqualTo("freshservice: POST /api/v2/tickets answered 400: Validation failed: email: It should be"
                        + " a valid email address (invalid_value)");
    }

    @Test
    void a_created_answer_without_the_ticket_id_fails_permanently_naming_the_field() {
        FakeJobContext job = aJob("freshservice", "create_ticket")
                .param("email", "ops@acme.example")
                .param("subject", "s")
                .param("description", "d");
        String tag = TicketToken.of(job.jobId());
        service.stubFor(ticketFilter(tag).willReturn(filterAnswer(tag)));
        service.stubFor(createTicket().willReturn(answer(201).withBody("{\"ticket\":{\"subject\":\"s\"}}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(job));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("freshservice", "POST /api/v2/tickets", "'ticket.id' is missing");
    }
}
