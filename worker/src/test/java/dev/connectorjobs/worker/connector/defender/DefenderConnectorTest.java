package dev.connectorjobs.worker.connector.defender;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.ConnectorTestbed.assets;
import static dev.connectorjobs.worker.connector.ConnectorTestbed.run;
import static dev.connectorjobs.worker.connector.ConnectorTestbed.with;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.authenticated;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.graphError;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.pageRequest;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code defender} connector against stubs that answer as the Defender for Endpoint API does:
 * token scope {@code https://api.securitycenter.microsoft.com/.default}, {@code /api/machines}
 * pages with {@code @odata.nextLink}, a 404 when there are no machines, 429 with {@code
 * Retry-After} under its 100-calls-a-minute limit, machine tags.
 */
class DefenderConnectorTest {

    static final String PREFIX = "jobs.connectors.defender";
    static final String SCOPE = "https://api.securitycenter.microsoft.com/.default";
    static final String MACHINES = "/api/machines";
    static final int PAGE = 2;

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    private ConnectorTestbed testbed;
    private GraphStub api;

    @BeforeEach
    void reset() {
        api = new GraphStub(service, SCOPE, "");
        testbed = vendor.testbed();
    }

    private DefenderConnector connector(String... extra) {
        return unconfigured(with(with(api.properties(PREFIX), PREFIX + ".page-size", Integer.toString(PAGE)), extra));
    }

    private DefenderConnector unconfigured(Map<String, String> properties) {
        return testbed.connector(DefenderConnector::new, PREFIX, DefenderProperties.class, properties);
    }

    static String machineId(int n) {
        return "%040x".formatted(0x1e5bc9d7L * 1_000 + n);
    }

    static String machine(int n) {
        return """
                {"id":"%s","computerDnsName":"ws-%03d.contoso.local","firstSeen":"2025-03-01T08:00:00.1234567Z",\
                "lastSeen":"2026-12-02T21:14:05.7791856Z","osPlatform":"Windows11","osVersion":null,\
                "osProcessor":"x64","version":"23H2","lastIpAddress":"10.20.0.%d","lastExternalIpAddress":\
                "203.0.113.7","agentVersion":"10.8760.22621.1","osBuild":22631,"healthStatus":"Active",\
                "deviceValue":"Normal","rbacGroupId":0,"rbacGroupName":null,"riskScore":"Low",\
                "exposureLevel":"Medium","isAadJoined":true,"aadDeviceId":"%08x-2f4e-4a1b-8c3d-%012x",\
                "machineTags":["ring-%d"],"onboardingStatus":"Onboarded"}""".formatted(machineId(n), n, n % 250, n, n, n % 3);
    }

    private void machines(int count) {
        api.list(MACHINES, "$top=" + PAGE, count, PAGE, DefenderConnectorTest::machine, null);
    }

    @Test
    void it_declares_exactly_the_catalogue_entry_guarded_by_its_own_breaker() {
        assertThat(connector().descriptor()).isSameAs(DeviceConnectors.DEFENDER);
        assertThat(DeviceConnectors.DEFENDER.breaker()).contains("defender");
    }

    @Test
    void without_a_tenant_id_jobs_fail_permanently_naming_the_property() {
        Map<String, String> properties = new LinkedHashMap<>(api.properties(PREFIX));
        properties.remove(PREFIX + ".auth.tenant-id");

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> unconfigured(properties).execute(aJob("defender", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage())
                .contains("jobs.connectors.defender.auth.tenant-id", "JOBS_CONNECTORS_DEFENDER_AUTH_TENANT_ID");
    }

    @Test
    void fetch_assets_asks_a_token_for_the_defender_scope_and_follows_next_links_normalizing_machines() {
        machines(5);

        Map<String, Object> result = run(connector(), aJob("defender", "fetch_assets"));

        assertThat(result).containsEntry("count", 5L).containsEntry("pages", 3);
        assertThat(assets(result))
                .extracting(NormalizedAsset::sourceId)
                .containsExactly(machineId(1), machineId(2), machineId(3), machineId(4), machineId(5));
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo(MACHINES))
                        .withQueryParam("$top", equalTo("2"))
                        .withQueryParam("$skiptoken", absent()));
        assertThat(api.tokenRequests()).isEqualTo(1);
        NormalizedAsset first = assets(result).getFirst();
        assertThat(first.source()).isEqualTo("defender");
        assertThat(first.name()).isEqualTo("ws-001.contoso.local");
        assertThat(first.os()).isEqualTo("Windows11");
        assertThat(first.osVersion()).isNull();
        assertThat(first.serialNumber()).isNull();
        assertThat(first.ipAddresses()).containsExactly("10.20.0.1");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-12-02T21:14:05.7791856Z"));
        assertThat(first.attributes())
                .containsEntry("healthStatus", "Active")
                .containsEntry("riskScore", "Low")
                .containsEntry("machineTags", List.of("ring-1"))
                .containsEntry("aadDeviceId", "00000001-2f4e-4a1b-8c3d-000000000001")
                .doesNotContainKeys("rbacGroupName", "lastIpAddress");
    }

    @Test
    void a_404_for_the_machine_list_means_no_machines_and_is_an_empty_result() {
        service.stubFor(pageRequest("", MACHINES, 1).willReturn(graphError(404, "NotFound", "No machines found")));

        Map<String, Object> result = run(connector(), aJob("defender", "fetch_assets"));

        assertThat(result)
                .containsEntry("count", 0L)
                .containsEntry("assets", List.of())
                .containsEntry("page_cap_reached", false);
        service.verify(1, getRequestedFor(urlPathEqualTo(MACHINES)));
    }

    @Test
    void test_connection_with_no_machines_yet_still_succeeds() {
        service.stubFor(authenticated(get(urlPathEqualTo(MACHINES)))
                .withQueryParam("$top", equalTo("1"))
                .willReturn(graphError(404, "NotFound", "No machines found")));

        assertThat(run(connector(), aJob("defender", "test_connection")))
                .containsEntry("ok", true)
                .containsEntry("machines_seen", 0);
    }

    @Test
    void a_429_the_http_client_leaves_is_waited_out_up_to_max_throttle_wait_and_paging_resumes() {
        testbed.clients("jobs.http.services.defender.max-retry-after", "0s");
        machines(6);
        service.stubFor(pageRequest("", MACHINES, 2)
                .atPriority(1)
                .inScenario("100 calls a minute")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("next minute")
                .willReturn(throttled(1)));

        Map<String, Object> result = run(connector(), aJob("defender", "fetch_assets"));

        assertThat(assets(result))
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(6);
        service.verify(
                2,
                getRequestedFor(urlPathEqualTo(MACHINES))
                        .withQueryParam("$skiptoken", equalTo(GraphStub.skipToken(MACHINES, 2))));
    }

    @Test
    void a_429_asking_for_more_than_max_throttle_wait_fails_the_attempt_as_retryable_with_the_wait() {
        machines(6);
        service.stubFor(pageRequest("", MACHINES, 2).atPriority(1).willReturn(throttled(45)));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector(PREFIX + ".max-throttle-wait", "30s").execute(aJob("defender", "fetch_assets")));

        assertThat(failure.errorType()).isEqualTo("Throttled");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(45));
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo(MACHINES))
                        .withQueryParam("$skiptoken", equalTo(GraphStub.skipToken(MACHINES, 2))));
    }

    @Test
    void tag_machine_posts_the_documented_body_and_returns_the_machines_tags() {
        String id = machineId(7);
        service.stubFor(authenticated(post(urlPathEqualTo(MACHINES + "/" + id + "/tags")))
                .withRequestBody(equalToJson("{\"Value\":\"quarantine-review\",\"Action\":\"Add\"}"))
                .willReturn(okForContentType(
                        GraphStub.JSON,
                        machine(7)
                                .replace(
                                        "\"machineTags\":[\"ring-1\"]",
                                        "\"machineTags\":[\"ring-1\",\"quarantine-review\"]"))));

        Map<String, Object> result = run(
                connector(),
                aJob("defender", "tag_machine").param("machine_id", id).param("tag", "quarantine-review"));

        assertThat(result)
                .containsEntry("machine_id", id)
                .containsEntry("action", "Add")
                .containsEntry("machine_tags", List.of("ring-1", "quarantine-review"));
        service.verify(1, postRequestedFor(urlPathEqualTo(MACHINES + "/" + id + "/tags")));
    }

    @Test
    void tag_machine_removes_with_the_action_spelled_as_defender_wants_it() {
        String id = machineId(8);
        service.stubFor(authenticated(post(urlPathEqualTo(MACHINES + "/" + id + "/tags")))
                .withRequestBody(equalToJson("{\"Value\":\"ring-2\",\"Action\":\"Remove\"}"))
                .willReturn(okForContentType(GraphStub.JSON, machine(8).replace("[\"ring-2\"]", "[]"))));

        Map<String, Object> result = run(
                connector(),
                aJob("defender", "tag_machine")
                        .param("machine_id", id)
                        .param("tag", "ring-2")
                        .param("action", "remove"));

        assertThat(result).containsEntry("action", "Remove").containsEntry("machine_tags", List.of());
    }

    @Test
    void tag_machine_of_an_unknown_machine_fails_permanently_naming_it() {
        String id = machineId(9);
        service.stubFor(authenticated(post(urlPathEqualTo(MACHINES + "/" + id + "/tags")))
                .willReturn(graphError(404, "ResourceNotFound", "Machine " + id + " was not found")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector()
                        .execute(aJob("defender", "tag_machine")
                                .param("machine_id", id)
                                .param("tag", "x1")));

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains(id, "machine_id");
    }

    @Test
    void tag_machine_refuses_ids_that_are_not_machine_ids_and_unknown_actions_before_sending_anything() {
        ConnectorException badId = catchThrowableOfType(
                ConnectorException.class,
                () -> connector()
                        .execute(aJob("defender", "tag_machine")
                                .param("machine_id", "../users/me")
                                .param("tag", "x")));
        ConnectorException badAction = catchThrowableOfType(
                ConnectorException.class,
                () -> connector()
                        .execute(aJob("defender", "tag_machine")
                                .param("machine_id", machineId(1))
                                .param("tag", "x")
                                .param("action", "Toggle")));

        assertThat(badId.errorType()).isEqualTo("InvalidRequest");
        assertThat(badId.getMessage()).contains("machine_id must be an id such as");
        assertThat(badAction.getMessage()).contains("action must be one of Add, Remove");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
