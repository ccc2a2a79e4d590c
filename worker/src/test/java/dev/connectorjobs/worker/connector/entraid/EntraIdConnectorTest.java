package dev.connectorjobs.worker.connector.entraid;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.ConnectorTestbed.assets;
import static dev.connectorjobs.worker.connector.ConnectorTestbed.run;
import static dev.connectorjobs.worker.connector.ConnectorTestbed.with;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.authenticated;
import static dev.connectorjobs.worker.connector.microsoft.GraphStub.graphError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code entra_id} connector against stubs that answer as Graph v1.0 does: full reads with
 * {@code $top}, delta queries whose last page carries {@code @odata.deltaLink}, removed items.
 */
class EntraIdConnectorTest {

    static final String PREFIX = "jobs.connectors.entra-id";
    static final int PAGE = 2;
    static final String USERS_SELECT = DirectoryObjects.USERS.select();
    static final String DEVICES_SELECT = DirectoryObjects.DEVICES.select();

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    private ConnectorTestbed testbed;
    private GraphStub graph;

    @BeforeEach
    void reset() {
        graph = new GraphStub(service, "https://graph.microsoft.com/.default", "/v1.0");
        testbed = vendor.testbed();
    }

    private EntraIdConnector connector() {
        return unconfigured(with(graph.properties(PREFIX), PREFIX + ".page-size", Integer.toString(PAGE)));
    }

    private EntraIdConnector unconfigured(Map<String, String> properties) {
        return testbed.connector(EntraIdConnector::new, PREFIX, EntraIdProperties.class, properties);
    }

    static String userId(int n) {
        return "%08x-1d2c-4b3a-8e9f-%012x".formatted(n, n);
    }

    static String user(int n) {
        return """
                {"id":"%s","displayName":"User %d","userPrincipalName":"user%d@contoso.onmicrosoft.com",\
                "mail":"user%d@contoso.com","accountEnabled":%s,"userType":"Member","jobTitle":null,\
                "department":"IT","createdDateTime":"2024-05-01T10:00:00Z","onPremisesSyncEnabled":null}""".formatted(userId(n), n, n, n, n % 5 != 0);
    }

    static String removedUser(int n) {
        return "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + userId(n)
                + "\",\"@removed\":{\"reason\":\"deleted\"}}";
    }

    static String device(int n) {
        return """
                {"id":"%08x-9a8b-4c7d-8e6f-%012x","deviceId":"%08x-2f4e-4a1b-8c3d-%012x","displayName":"LAPTOP-%03d",\
                "operatingSystem":"Windows","operatingSystemVersion":"10.0.22631.4460",\
                "approximateLastSignInDateTime":"2026-11-29T17:45:00Z","accountEnabled":true,"trustType":"AzureAd",\
                "isCompliant":true,"isManaged":true,"registrationDateTime":"2025-01-20T08:00:00Z"}""".formatted(n, n, n, n, n);
    }

    private String deltaLink(String path, String token) {
        return graph.baseUrl() + path + "/delta?$deltatoken=" + token;
    }

    @Test
    void it_declares_exactly_the_catalogue_entry_under_its_kebab_case_prefix() {
        assertThat(connector().descriptor()).isSameAs(DeviceConnectors.ENTRA_ID);
        assertThat(DeviceConnectors.ENTRA_ID.propertyPrefix()).isEqualTo(PREFIX);
    }

    @Test
    void without_a_client_id_jobs_fail_permanently_naming_the_property_and_its_environment_variable() {
        Map<String, String> properties = new LinkedHashMap<>(graph.properties(PREFIX));
        properties.remove(PREFIX + ".auth.client-id");

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> unconfigured(properties).execute(aJob("entra_id", "fetch_users")));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage())
                .contains("jobs.connectors.entra-id.auth.client-id", "JOBS_CONNECTORS_ENTRA_ID_AUTH_CLIENT_ID");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void an_unknown_operation_fails_permanently() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("entra_id", "fetch_groups")));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
    }

    @Test
    void test_connection_reads_one_user_id() {
        service.stubFor(authenticated(get(urlPathEqualTo("/v1.0/users")))
                .withQueryParam("$top", equalTo("1"))
                .withQueryParam("$select", equalTo("id"))
                .willReturn(graph.page("/users", List.of("{\"id\":\"" + userId(1) + "\"}"), null, null)));

        assertThat(run(connector(), aJob("entra_id", "test_connection")))
                .containsEntry("ok", true)
                .containsEntry("users_seen", 1);
    }

    @Test
    void fetch_users_reads_every_page_with_select_and_top_and_normalizes_users_as_kind_user() {
        graph.list("/users", "$select=" + USERS_SELECT + "&$top=" + PAGE, 5, PAGE, EntraIdConnectorTest::user, null);

        Map<String, Object> result = run(connector(), aJob("entra_id", "fetch_users"));

        assertThat(result)
                .containsEntry("count", 5L)
                .containsEntry("pages", 3)
                .containsEntry("kind", "user")
                .containsEntry("incremental", false)
                .doesNotContainKey("delta_link");
        assertThat(assets(result))
                .extracting(NormalizedAsset::sourceId)
                .containsExactly(userId(1), userId(2), userId(3), userId(4), userId(5));
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo("/v1.0/users"))
                        .withQueryParam("$skiptoken", absent())
                        .withQueryParam("$select", equalTo(USERS_SELECT))
                        .withQueryParam("$top", equalTo("2")));
        NormalizedAsset first = assets(result).getFirst();
        assertThat(first.source()).isEqualTo("entra_id");
        assertThat(first.name()).isEqualTo("User 1");
        assertThat(first.attributes())
                .containsEntry("kind", "user")
                .containsEntry("user_principal_name", "user1@contoso.onmicrosoft.com")
                .containsEntry("mail", "user1@contoso.com")
                .containsEntry("account_enabled", true)
                .containsEntry("department", "IT")
                .doesNotContainKeys("userPrincipalName", "jobTitle", "removed");
        assertThat(assets(result).get(4).attributes()).containsEntry("account_enabled", false);
    }

    @Test
    void fetch_users_incremental_reads_the_delta_query_to_its_end_and_returns_the_delta_link() {
        String delta = deltaLink("/users", "Qm9va2VkXzE3MzM");
        graph.list("/users/delta", "$select=" + USERS_SELECT, 3, PAGE, EntraIdConnectorTest::user, delta);

        Map<String, Object> result =
                run(connector(), aJob("entra_id", "fetch_users").param("incremental", true));

        assertThat(result)
                .containsEntry("count", 3L)
                .containsEntry("incremental", true)
                .containsEntry("delta_link", delta);
        service.verify(
                1,
                getRequestedFor(urlPathEqualTo("/v1.0/users/delta"))
                        .withQueryParam("$skiptoken", absent())
                        .withQueryParam("$select", equalTo(USERS_SELECT)));
        assertThat(service.findAll(getRequestedFor(urlPathEqualTo("/v1.0/users"))))
                .isEmpty();
    }

    @Test
    void a_delta_link_round_trip_returns_only_the_changes_marks_removed_users_and_a_new_delta_link() {
        String firstDelta = deltaLink("/users", "Rm9yc3REZWx0YQ");
        graph.list("/users/delta", "$select=" + USERS_SELECT, 3, PAGE, EntraIdConnectorTest::user, firstDelta);
        Map<String, Object> full =
                run(connector(), aJob("entra_id", "fetch_users").param("incremental", true));
        String secondDelta = deltaLink("/users", "U2Vjb25kRGVsdGE");
        service.stubFor(authenticated(get(urlPathEqualTo("/v1.0/users/delta")))
                .withQueryParam("$deltatoken", equalTo("Rm9yc3REZWx0YQ"))
                .willReturn(graph.page("/users/delta", List.of(user(4), removedUser(2)), null, secondDelta)));

        Map<String, Object> changes =
                run(connector(), aJob("entra_id", "fetch_users").param("delta_link", (String) full.get("delta_link")));

        assertThat(changes).containsEntry("count", 2L).containsEntry("delta_link", secondDelta);
        List<NormalizedAsset> assets = assets(changes);
        assertThat(assets.getFirst().sourceId()).isEqualTo(userId(4));
        assertThat(assets.getFirst().attributes()).doesNotContainKey("removed");
        assertThat(assets.get(1).sourceId()).isEqualTo(userId(2));
        assertThat(assets.get(1).attributes())
                .containsEntry("kind", "user")
                .containsEntry("removed", true)
                .containsEntry("removed_reason", "deleted");
    }

    @Test
    void a_delta_link_to_another_host_is_refused_before_anything_is_sent() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector()
                        .execute(aJob("entra_id", "fetch_users")
                                .param("delta_link", "https://graph.evil.example/v1.0/users/delta?$deltatoken=x")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage()).contains("delta_link must be a link to the configured Graph endpoint");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void a_users_delta_link_is_refused_by_fetch_devices() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector()
                        .execute(aJob("entra_id", "fetch_devices").param("delta_link", deltaLink("/users", "abc"))));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage()).contains("not a delta link of devices");
    }

    @Test
    void a_delta_link_graph_no_longer_knows_fails_permanently_saying_how_to_start_over() {
        service.stubFor(authenticated(get(urlPathEqualTo("/v1.0/users/delta")))
                .withQueryParam("$deltatoken", equalTo("expired"))
                .willReturn(graphError(
                        400,
                        "syncStateNotFound",
                        "The sync state generation is not found. The delta token is expired and data must be"
                                + " synchronized again.")));
        service.stubFor(authenticated(get(urlPathEqualTo("/v1.0/users/delta")))
                .withQueryParam("$deltatoken", equalTo("gone"))
                .willReturn(graphError(410, "resyncRequired", "Resync required. Replace any local items.")));

        for (String token : List.of("expired", "gone")) {
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class,
                    () -> connector()
                            .execute(aJob("entra_id", "fetch_users").param("delta_link", deltaLink("/users", token))));

            assertThat(failure.errorType()).isEqualTo("DeltaLinkExpired");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage())
                    .startsWith("entra_id: GET /v1.0/users/delta answered 4")
                    .contains("incremental: true", "without delta_link");
        }
    }

    @Test
    void another_400_keeps_its_own_meaning() {
        service.stubFor(authenticated(get(urlPathEqualTo("/v1.0/users")))
                .willReturn(graphError(400, "Request_UnsupportedQuery", "Unsupported query.")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("entra_id", "fetch_users")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage()).contains("Request_UnsupportedQuery: Unsupported query.");
    }

    @Test
    void a_delta_read_stopped_by_max_assets_returns_no_delta_link() {
        graph.list(
                "/users/delta",
                "$select=" + USERS_SELECT,
                5,
                PAGE,
                EntraIdConnectorTest::user,
                deltaLink("/users", "never"));

        Map<String, Object> result = run(
                connector(),
                aJob("entra_id", "fetch_users").param("incremental", true).param("max_assets", 3));

        assertThat(result).containsEntry("count", 3L).doesNotContainKey("delta_link");
    }

    @Test
    void fetch_devices_normalizes_devices_as_kind_device_and_reads_their_delta() {
        String delta = deltaLink("/devices", "RGV2aWNlcw");
        graph.list("/devices/delta", "$select=" + DEVICES_SELECT, 3, PAGE, EntraIdConnectorTest::device, delta);

        Map<String, Object> result =
                run(connector(), aJob("entra_id", "fetch_devices").param("incremental", true));

        assertThat(result)
                .containsEntry("count", 3L)
                .containsEntry("kind", "device")
                .containsEntry("delta_link", delta);
        NormalizedAsset first = assets(result).getFirst();
        assertThat(first.name()).isEqualTo("LAPTOP-001");
        assertThat(first.os()).isEqualTo("Windows");
        assertThat(first.osVersion()).isEqualTo("10.0.22631.4460");
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-11-29T17:45:00Z"));
        assertThat(first.attributes())
                .containsEntry("kind", "device")
                .containsEntry("device_id", "00000001-2f4e-4a1b-8c3d-000000000001")
                .containsEntry("trustType", "AzureAd");
    }

    @Test
    void a_user_whose_account_enabled_is_not_a_boolean_fails_naming_the_field() {
        service.stubFor(GraphStub.pageRequest("/v1.0", "/users", 1)
                .willReturn(graph.page(
                        "/users",
                        List.of(user(1), user(2).replace("\"accountEnabled\":true", "\"accountEnabled\":\"yes\"")),
                        null,
                        null)));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class, () -> connector().execute(aJob("entra_id", "fetch_users")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage())
                .startsWith("entra_id: GET /v1.0/users")
                .endsWith("value[1].accountEnabled is not true or false");
    }
}
