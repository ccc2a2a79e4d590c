package dev.connectorjobs.e2e.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import dev.connectorjobs.testing.directory.ActiveDirectoryEntries;
import dev.connectorjobs.testing.directory.InMemoryActiveDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Active Directory jobs through the whole system: submitted over HTTP to the api-gateway, carried by
 * Kafka to a worker on its own queue, run by the {@code active_directory} connector against an
 * in-memory LDAP server shaped as a domain controller, which the test starts (a bind, the root DSE,
 * paged searches), the results read back from the API.
 */
class ActiveDirectoryEndToEndTest {

    static final String QUEUE = "directory-e2e";
    static final int COMPUTERS = 230;
    static final int USERS = 40;
    static final int PAGE = 100;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static InMemoryActiveDirectory directory;
    static ApiClient client;

    @BeforeAll
    static void start() {
        directory = system.closeAfterwards(
                InMemoryActiveDirectory.start().addComputers(COMPUTERS).addUsers(USERS));
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE,
                "jobs.api.routes.active_directory=" + QUEUE,
                "jobs.api.dispatch.sweep-interval=100ms");
        List<String> worker = new ArrayList<>(List.of(
                "jobs.worker.id=e2e-directory",
                "jobs.worker.queues=" + QUEUE,
                "spring.kafka.consumer.group-id=e2e-directory",
                "jobs.connectors.active-directory.page-size=" + PAGE));
        directory.properties().forEach((name, value) -> worker.add(name + "=" + value));
        system.startWorker(worker.toArray(String[]::new));
    }

    @Test
    void test_connection_submitted_over_http_reports_the_domain_controller() throws Exception {
        JsonNode result = succeeded("{\"connector\":\"active_directory\",\"operation\":\"test_connection\"}");

        assertThat(result.get("default_naming_context").asString()).isEqualTo(ActiveDirectoryEntries.DOMAIN);
        assertThat(result.get("dns_host_name").asString()).isEqualTo(InMemoryActiveDirectory.DNS_HOST_NAME);
        assertThat(result.get("paged_results_supported").asBoolean()).isTrue();
    }

    @Test
    void fetch_assets_submitted_over_http_pages_through_every_computer_and_maps_it() throws Exception {
        JsonNode result = succeeded("{\"connector\":\"active_directory\",\"operation\":\"fetch_assets\"}");

        assertThat(result.get("count").asLong()).isEqualTo(COMPUTERS);
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        JsonNode first = find(
                result.get("assets"), ActiveDirectoryEntries.computerGuid(1).toString());
        assertThat(first.get("source").asString()).isEqualTo("active_directory");
        assertThat(first.get("name").asString()).isEqualTo(ActiveDirectoryEntries.computerDnsName(1));
        assertThat(first.get("os").asString()).isEqualTo("Windows 11 Enterprise");
        assertThat(first.get("last_seen").asString())
                .isEqualTo(ActiveDirectoryEntries.lastLogon(1).toString());
        assertThat(first.get("attributes").get("account_enabled").asBoolean()).isTrue();
    }

    @Test
    void fetch_users_with_a_filter_reads_only_the_matching_accounts() throws Exception {
        JsonNode result = succeeded("{\"connector\":\"active_directory\",\"operation\":\"fetch_users\","
                + "\"params\":{\"filter\":\"(department=Finance)\",\"search_base\":\""
                + ActiveDirectoryEntries.PEOPLE + "\"}}");

        assertThat(result.get("count").asLong()).isEqualTo(USERS / 2);
        assertThat(StreamSupport.stream(result.get("assets").spliterator(), false)
                        .map(user -> user.get("attributes").get("department").asString()))
                .containsOnly("Finance");
    }

    @Test
    void a_filter_that_is_not_ldap_syntax_fails_the_job_permanently() throws Exception {
        String id = client.submit("{\"connector\":\"active_directory\",\"operation\":\"fetch_assets\","
                + "\"params\":{\"filter\":\"(cn=*)(|(objectClass=*)\"}}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("FAILURE");
        assertThat(status.get("error_type").asString()).isEqualTo("InvalidRequest");
    }

    /** The result of the job {@code body} submits, which must succeed. */
    static JsonNode succeeded(String body) throws Exception {
        JsonNode status = client.awaitTerminal(client.submit(body));
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        return status.get("result");
    }

    static JsonNode find(JsonNode assets, String sourceId) {
        return StreamSupport.stream(assets.spliterator(), false)
                .filter(asset -> asset.get("source_id").asString().equals(sourceId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no asset " + sourceId + " in " + assets));
    }
}
