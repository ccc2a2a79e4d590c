package dev.connectorjobs.worker.connector.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code create_incident}, {@code get_record} and {@code test_connection} against a Table API stub. */
class ServiceNowRecordsContractTest {

    static final String INCIDENTS = "/api/now/table/incident";
    static final String SYS_ID = "9d385017c611228701d22104cc95c371";

    static WireMockServer instance;

    private Testbed testbed;

    @BeforeAll
    static void startInstance() {
        instance = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        instance.start();
    }

    @AfterAll
    static void stopInstance() {
        instance.stop();
    }

    @BeforeEach
    void reset() {
        instance.resetAll();
        testbed = new Testbed();
    }

    @AfterEach
    void close() {
        testbed.close();
    }

    private ServiceNowConnector connector() {
        return testbed.basic(instance.baseUrl());
    }

    private static FakeJobContext anIncident() {
        return aJob("servicenow", "create_incident")
                .param("short_description", "Disk full on srv-000042")
                .param("description", "/var is at 100%")
                .param("urgency", 2)
                .param("impact", 3)
                .param("category", "hardware");
    }

    /** The instance's answer to an incident lookup by correlation id: none, or the one it has. */
    private static void lookupFinds(String state, String body) {
        instance.stubFor(get(urlPathEqualTo(INCIDENTS))
                .inScenario("incident")
                .whenScenarioStateIs(state)
                .willReturn(okJson(body)));
    }

    @Test
    void it_declares_the_catalogue_entry_guarded_by_the_servicenow_breaker() {
        assertThat(connector().descriptor()).isSameAs(ItsmConnectors.SERVICENOW);
        assertThat(ItsmConnectors.SERVICENOW.breaker()).contains("servicenow");
    }

    @Test
    void create_incident_looks_for_the_jobs_incident_then_creates_it_with_the_dedupe_token() {
        lookupFinds(STARTED, "{\"result\":[]}");
        instance.stubFor(post(urlPathEqualTo(INCIDENTS))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withHeader("Location", instance.baseUrl() + INCIDENTS + "/" + SYS_ID)
                        .withBody("{\"result\":{\"sys_id\":\"" + SYS_ID + "\",\"number\":\"INC0010023\"}}")));
        FakeJobContext job = anIncident();

        Object result = connector().execute(job);

        assertThat(result).isEqualTo(Map.of("sys_id", SYS_ID, "number", "INC0010023", "created", true));
        String token = "cj:" + job.jobId();
        instance.verify(getRequestedFor(urlPathEqualTo(INCIDENTS))
                .withQueryParam("sysparm_query", equalTo("correlation_id=" + token))
                .withQueryParam("sysparm_limit", equalTo("1")));
        instance.verify(postRequestedFor(urlPathEqualTo(INCIDENTS))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"short_description\":\"Disk full on srv-000042\","
                        + "\"description\":\"/var is at 100%\",\"category\":\"hardware\",\"urgency\":\"2\","
                        + "\"impact\":\"3\",\"correlation_id\":\"" + token + "\","
                        + "\"correlation_display\":\"connector-jobs\"}")));
    }

    @Test
    void a_retried_attempt_whose_create_went_through_but_lost_its_answer_finds_the_incident_instead_of_a_second() {
        lookupFinds(STARTED, "{\"result\":[]}");
        instance.stubFor(post(urlPathEqualTo(INCIDENTS))
                .inScenario("incident")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("created"));
        lookupFinds("created", "{\"result\":[{\"sys_id\":\"" + SYS_ID + "\",\"number\":\"INC0010024\"}]}");
        FakeJobContext first = anIncident();
        ServiceNowConnector connector = connector();

        ConnectorException lost = catchThrowableOfType(ConnectorException.class, () -> connector.execute(first));
        assertThat(lost.isRetryable()).isTrue();
        Object retried = connector.execute(first.nextAttempt());

        assertThat(retried).isEqualTo(Map.of("sys_id", SYS_ID, "number", "INC0010024", "created", false));
        instance.verify(1, postRequestedFor(urlPathEqualTo(INCIDENTS)));
        instance.verify(2, getRequestedFor(urlPathEqualTo(INCIDENTS)));
    }

    @Test
    void a_created_incident_without_a_number_is_a_malformed_answer() {
        lookupFinds(STARTED, "{\"result\":[]}");
        instance.stubFor(post(urlPathEqualTo(INCIDENTS))
                .willReturn(
                        okJson("{\"result\":{\"sys_id\":\"" + SYS_ID + "\"}}").withStatus(201)));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(anIncident()));

        assertThat(failure.getMessage()).isEqualTo("servicenow: response field 'result.number' is missing");
    }

    @Test
    void get_record_returns_the_record_as_the_instance_sends_it() {
        instance.stubFor(get(urlPathEqualTo(INCIDENTS + "/" + SYS_ID))
                .withQueryParam("sysparm_exclude_reference_link", equalTo("true"))
                .willReturn(okJson("{\"result\":{\"sys_id\":\"" + SYS_ID + "\",\"number\":\"INC0010023\","
                        + "\"state\":\"1\",\"caller_id\":\"6816f79cc0a8016401c5a33be04be441\"}}")));

        JsonNode record = (JsonNode) connector()
                .execute(aJob("servicenow", "get_record")
                        .param("table", "incident")
                        .param("sys_id", SYS_ID));

        assertThat(record.get("number").asString()).isEqualTo("INC0010023");
        assertThat(record.get("caller_id").asString()).isEqualTo("6816f79cc0a8016401c5a33be04be441");
    }

    @Test
    void get_record_of_a_missing_record_fails_permanently_as_record_not_found() {
        instance.stubFor(get(urlPathEqualTo(INCIDENTS + "/" + SYS_ID))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"No Record found\",\"detail\":\"Record doesn't exist or"
                                + " ACL restricts the record retrieval\"},\"status\":\"failure\"}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector()
                        .execute(aJob("servicenow", "get_record")
                                .param("table", "incident")
                                .param("sys_id", SYS_ID)));

        assertThat(failure.errorType()).isEqualTo("RecordNotFound");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.httpStatus()).contains(404);
        assertThat(failure.getMessage())
                .isEqualTo("servicenow: table 'incident' has no record " + SYS_ID + " that the integration user may"
                        + " read (No Record found: Record doesn't exist or ACL restricts the record retrieval)");
    }

    @Test
    void get_record_rejects_a_sys_id_that_could_change_the_path() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector()
                        .execute(aJob("servicenow", "get_record")
                                .param("table", "incident")
                                .param("sys_id", "../x")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(instance.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void test_connection_reads_one_ci_with_basic_credentials() {
        instance.stubFor(get(urlPathEqualTo("/api/now/table/cmdb_ci"))
                .withQueryParam("sysparm_limit", equalTo("1"))
                .withBasicAuth(Testbed.USER, Testbed.PASSWORD)
                .willReturn(
                        okJson("{\"result\":[{\"sys_id\":\"" + SYS_ID + "\"}]}").withHeader("X-Total-Count", "8231")));

        Object result = connector().execute(aJob("servicenow", "test_connection"));

        assertThat(result)
                .isEqualTo(Map.of(
                        "ok",
                        true,
                        "instance",
                        instance.baseUrl(),
                        "auth",
                        "basic",
                        "records_read",
                        1,
                        "cmdb_ci_count",
                        8231L));
    }

    @Test
    void without_a_base_url_jobs_fail_permanently_naming_the_property_to_set() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> testbed.connector(Map.of()).execute(aJob("servicenow", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("jobs.connectors.servicenow.base-url");
    }

    @Test
    void without_credentials_jobs_fail_permanently_naming_the_properties_to_set() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> testbed.connector(Map.of("jobs.connectors.servicenow.base-url", instance.baseUrl()))
                        .execute(aJob("servicenow", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage())
                .contains("jobs.connectors.servicenow.auth.username")
                .contains(".auth.client-id");
    }

    @Test
    void an_unknown_operation_fails_permanently_listing_the_operations() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("servicenow", "drop_table")));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
        assertThat(failure.getMessage()).contains("test_connection, fetch_assets, create_incident, get_record");
    }
}
