package dev.connectorjobs.worker.connector.activedirectory;

import static dev.connectorjobs.testing.directory.ActiveDirectoryEntries.DOMAIN;
import static dev.connectorjobs.testing.directory.ActiveDirectoryEntries.PEOPLE;
import static dev.connectorjobs.testing.directory.ActiveDirectoryEntries.SERVERS;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.activedirectory.DirectoryExtension.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.unboundid.ldap.sdk.Entry;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.testing.directory.ActiveDirectoryEntries;
import dev.connectorjobs.testing.directory.InMemoryActiveDirectory;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code active_directory} connector against a real LDAP server shaped as an AD domain
 * controller ({@link InMemoryActiveDirectory}): the root DSE, paged reads of computers and users
 * with the simple paged results control, the mapping of AD's attributes, the job's {@code filter}
 * and {@code search_base}, {@code max_assets}, the page cap, publication and cancellation.
 */
class ActiveDirectoryContractTest {

    static final int COMPUTERS = 25;
    static final int USERS = 12;
    static final int SERVERS_COUNT = 5;
    static final String PAGED_RESULTS = "1.2.840.113556.1.4.319";

    @RegisterExtension
    static final DirectoryExtension ad = new DirectoryExtension(() -> {
        InMemoryActiveDirectory directory =
                InMemoryActiveDirectory.start().addComputers(COMPUTERS).addUsers(USERS);
        directory.add(List.of(ActiveDirectoryEntries.contact("Vendor Contact")));
        return directory;
    });

    static FakeJobContext fetchAssets() {
        return aJob("active_directory", "fetch_assets");
    }

    static NormalizedAsset find(List<NormalizedAsset> assets, UUID guid) {
        return assets.stream()
                .filter(asset -> asset.sourceId().equals(guid.toString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record with source_id " + guid));
    }

    @Test
    void test_connection_binds_and_reports_the_root_dse_and_the_base_dn() {
        Map<String, Object> result = run(ad.connector(), aJob("active_directory", "test_connection"));

        assertThat(result)
                .containsEntry("ok", true)
                .containsEntry("server", ad.directory().url())
                .containsEntry("bound_as", InMemoryActiveDirectory.BIND_DN)
                .containsEntry("default_naming_context", DOMAIN)
                .containsEntry("dns_host_name", InMemoryActiveDirectory.DNS_HOST_NAME)
                .containsEntry("root_domain_naming_context", DOMAIN)
                .containsEntry("domain_controller_functionality", "7")
                .containsEntry("paged_results_supported", true)
                .containsEntry("base_dn", DOMAIN);
        assertThat(result.get("supported_controls"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains(PAGED_RESULTS);
    }

    @Test
    void test_connection_with_a_base_dn_the_directory_lacks_fails_permanently_naming_it() {
        String missing = "OU=Gone," + DOMAIN;

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(ad.connector("base-dn", missing), aJob("active_directory", "test_connection")));

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains(missing).contains("base-dn").contains(DOMAIN);
    }

    @Test
    void fetch_assets_reads_every_computer_page_by_page_with_the_paged_results_cookie() {
        Map<String, Object> result = run(ad.connector("page-size", "10"), fetchAssets());

        assertThat(result)
                .containsEntry("source", "active_directory")
                .containsEntry("count", (long) COMPUTERS)
                .containsEntry("pages", 3)
                .containsEntry("page_cap_reached", false)
                .containsEntry("truncated", false)
                .containsEntry("search_base", DOMAIN)
                .containsEntry("filter", "(objectCategory=computer)");
        assertThat(ad.directory().pageSizes()).containsExactly(10, 10, 10);
        assertThat(ConnectorTestbed.assets(result))
                .extracting(NormalizedAsset::sourceId)
                .doesNotHaveDuplicates()
                .hasSize(COMPUTERS)
                .contains(ActiveDirectoryEntries.computerGuid(1).toString());
    }

    @Test
    void a_computer_is_mapped_from_its_ad_attributes() {
        List<NormalizedAsset> assets = ConnectorTestbed.assets(run(ad.connector(), fetchAssets()));

        NormalizedAsset workstation = find(assets, ActiveDirectoryEntries.computerGuid(3));
        assertThat(workstation.source()).isEqualTo("active_directory");
        assertThat(workstation.name()).isEqualTo("ws-00003.corp.example.com");
        assertThat(workstation.os()).isEqualTo("Windows 11 Enterprise");
        assertThat(workstation.osVersion()).isEqualTo("10.0 (22631)");
        assertThat(workstation.serialNumber()).isNull();
        assertThat(workstation.ipAddresses()).isEmpty();
        assertThat(workstation.lastSeen()).isEqualTo(ActiveDirectoryEntries.lastLogon(3));
        assertThat(workstation.attributes())
                .containsEntry("kind", "computer")
                .containsEntry("distinguishedName", ActiveDirectoryEntries.computerDn(3))
                .containsEntry("cn", "WS-00003")
                .containsEntry("sAMAccountName", "WS-00003$")
                .containsEntry("dNSHostName", "ws-00003.corp.example.com")
                .containsEntry("account_enabled", true)
                .containsEntry("account_flags", List.of("WORKSTATION_TRUST_ACCOUNT"))
                .containsEntry("userAccountControl", 4096L)
                .containsEntry("whenChanged", ActiveDirectoryEntries.CHANGED.toString())
                .containsEntry("whenCreated", ActiveDirectoryEntries.CREATED.toString())
                .doesNotContainKeys("objectGUID", "lastLogonTimestamp", "operatingSystem");
    }

    @Test
    void a_disabled_computer_that_never_logged_on_says_so() {
        List<NormalizedAsset> assets = ConnectorTestbed.assets(run(ad.connector(), fetchAssets()));

        NormalizedAsset disabled = find(assets, ActiveDirectoryEntries.computerGuid(10));
        assertThat(disabled.attributes())
                .containsEntry("account_enabled", false)
                .containsEntry("account_flags", List.of("ACCOUNTDISABLE", "WORKSTATION_TRUST_ACCOUNT"));
        NormalizedAsset neverLoggedOn = find(assets, ActiveDirectoryEntries.computerGuid(7));
        assertThat(neverLoggedOn.lastSeen()).isNull();
        assertThat(neverLoggedOn.attributes()).doesNotContainKey("lastLogonTimestamp");
    }

    @Test
    void fetch_users_reads_user_accounts_and_leaves_out_contacts_and_computers() {
        Map<String, Object> result = run(ad.connector(), aJob("active_directory", "fetch_users"));

        assertThat(result)
                .containsEntry("count", (long) USERS + 1) // the service account is a user too
                .containsEntry("filter", "(&(objectCategory=person)(objectClass=user))");
        List<NormalizedAsset> users = ConnectorTestbed.assets(result);
        assertThat(users).extracting(u -> u.attributes().get("kind")).containsOnly("user");
        assertThat(users).extracting(NormalizedAsset::name).doesNotContain("Vendor Contact", "WS-00001");
        NormalizedAsset user = find(users, ActiveDirectoryEntries.userGuid(10));
        assertThat(user.name()).isEqualTo("User 00010");
        assertThat(user.os()).isNull();
        assertThat(user.lastSeen()).isEqualTo(ActiveDirectoryEntries.lastLogon(10));
        assertThat(user.attributes())
                .containsEntry("user_principal_name", "u00010@corp.example.com")
                .containsEntry("mail", "u00010@example.com")
                .containsEntry("sAMAccountName", "u00010")
                .containsEntry("department", "Finance")
                .containsEntry("account_enabled", false)
                .containsEntry("account_flags", List.of("ACCOUNTDISABLE", "NORMAL_ACCOUNT"))
                .containsEntry("pwdLastSet", ActiveDirectoryEntries.CREATED.toString())
                .doesNotContainKey("accountExpires"); // never expires
    }

    @Test
    void a_search_that_finds_nothing_is_an_empty_success_that_keeps_the_breaker_closed() {
        Map<String, Object> result = run(ad.connector(), fetchAssets().param("search_base", PEOPLE));

        assertThat(result).containsEntry("count", 0L).containsEntry("pages", 1).containsEntry("search_base", PEOPLE);
        assertThat(ConnectorTestbed.assets(result)).isEmpty();
        assertThat(ad.testbed().breaker("active_directory").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void the_filter_param_narrows_the_read_and_is_anded_with_the_operation_s_own() {
        Map<String, Object> result =
                run(ad.connector(), fetchAssets().param("filter", "(operatingSystem=Windows Server*)"));

        assertThat(result)
                .containsEntry("count", (long) SERVERS_COUNT)
                .containsEntry("filter", "(&(objectCategory=computer)(operatingSystem=Windows Server*))");
        assertThat(ConnectorTestbed.assets(result))
                .extracting(NormalizedAsset::os)
                .containsOnly("Windows Server 2022 Standard");
    }

    @Test
    void a_filter_that_matches_everything_still_reads_only_the_operation_s_accounts() {
        Map<String, Object> result =
                run(ad.connector(), aJob("active_directory", "fetch_users").param("filter", "(objectClass=*)"));

        assertThat(result)
                .containsEntry("count", (long) USERS + 1)
                .containsEntry("filter", "(&(&(objectCategory=person)(objectClass=user))(objectClass=*))");
        assertThat(ConnectorTestbed.assets(result))
                .extracting(u -> u.attributes().get("kind"))
                .containsOnly("user");
    }

    @Test
    void a_filter_written_to_break_out_of_its_parentheses_is_refused_not_spliced_into_the_search() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(ad.connector(), fetchAssets().param("filter", "cn=*)(|(objectClass=*")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage()).contains("filter is not a valid LDAP filter");
        assertThat(ad.directory().pageSizes()).isEmpty();
    }

    @Test
    void a_filter_that_is_not_ldap_syntax_fails_permanently_naming_the_param_before_any_search() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(ad.connector(), fetchAssets().param("filter", "(operatingSystem=Windows")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("filter").contains("RFC 4515");
        assertThat(ad.directory().pageSizes()).isEmpty();
    }

    @Test
    void a_search_base_narrows_the_read_to_its_subtree() {
        Map<String, Object> result = run(ad.connector(), fetchAssets().param("search_base", SERVERS));

        assertThat(result).containsEntry("count", (long) SERVERS_COUNT).containsEntry("search_base", SERVERS);
    }

    @Test
    void a_search_base_outside_the_configured_base_dn_is_refused() {
        ConnectorException outside = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        ad.connector("base-dn", SERVERS),
                        fetchAssets().param("search_base", ActiveDirectoryEntries.WORKSTATIONS)));
        ConnectorException notADn = catchThrowableOfType(
                ConnectorException.class,
                () -> run(ad.connector(), fetchAssets().param("search_base", "Servers")));

        assertThat(outside.errorType()).isEqualTo("InvalidRequest");
        assertThat(outside.getMessage())
                .contains("search_base")
                .contains("not at or below")
                .contains(SERVERS);
        assertThat(notADn.errorType()).isEqualTo("InvalidRequest");
        assertThat(notADn.getMessage()).contains("search_base is not a DN");
        assertThat(ad.directory().pageSizes()).isEmpty();
    }

    @Test
    void a_search_base_the_directory_lacks_fails_permanently_naming_the_dn_without_counting_for_the_breaker() {
        String missing = "OU=Gone," + DOMAIN;

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(ad.connector(), fetchAssets().param("search_base", missing)));

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("the search base " + missing + " does not exist");
        assertThat(ad.testbed().breaker("active_directory").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void max_assets_stops_the_read_asks_only_for_what_it_needs_and_ends_the_paged_search() {
        Map<String, Object> result =
                run(ad.connector("page-size", "10"), fetchAssets().param("max_assets", 15));

        assertThat(result).containsEntry("count", 15L).containsEntry("pages", 2);
        assertThat(ad.directory().pageSizes()).containsExactly(10, 5, 0);
    }

    @Test
    void the_page_cap_stops_the_read_and_says_so() {
        Map<String, Object> result = run(ad.connector("page-size", "10", "page-cap", "2"), fetchAssets());

        assertThat(result)
                .containsEntry("count", 20L)
                .containsEntry("pages", 2)
                .containsEntry("page_cap_reached", true);
        assertThat(ad.directory().pageSizes()).containsExactly(10, 10, 0);
    }

    @Test
    void publish_sends_every_record_to_the_sink() {
        Map<String, Object> result =
                run(ad.connector("page-size", "10"), fetchAssets().param("publish", true));

        assertThat(result).containsEntry("published", (long) COMPUTERS);
        assertThat(ad.testbed().published).hasSize(COMPUTERS);
    }

    @Test
    void a_job_cancelled_between_pages_stops_and_the_pool_still_serves_the_next_job() {
        ActiveDirectoryConnector connector = ad.connector("page-size", "10");
        FakeJobContext job = fetchAssets();
        job.onProgress(count -> job.cancellation().cancel("revoked"));

        catchThrowableOfType(JobCancelledException.class, () -> run(connector, job));

        assertThat(ad.directory().pageSizes()).containsExactly(10);
        assertThat(run(connector, fetchAssets())).containsEntry("count", (long) COMPUTERS);
    }

    @Test
    void jobs_share_the_pooled_connection_instead_of_binding_again() {
        ActiveDirectoryConnector connector = ad.connector();

        run(connector, fetchAssets());
        run(connector, aJob("active_directory", "fetch_users"));
        run(connector, aJob("active_directory", "test_connection"));

        assertThat(ad.directory().binds()).isEqualTo(1);
    }

    @Test
    void an_entry_without_a_proper_object_guid_fails_the_read_naming_its_dn() {
        Entry broken = ActiveDirectoryEntries.computer(9_001);
        broken.setAttribute("objectGUID", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (InMemoryActiveDirectory directory = InMemoryActiveDirectory.start()) {
            directory.add(List.of(broken));
            ConnectorException failure = catchThrowableOfType(
                    ConnectorException.class,
                    () -> run(ad.connector(ConnectorTestbed.with(directory.properties())), fetchAssets()));

            assertThat(failure.errorType()).isEqualTo("MalformedResponse");
            assertThat(failure.getMessage())
                    .contains(ActiveDirectoryEntries.computerDn(9_001))
                    .contains("objectGUID is 8 bytes");
        }
    }
}
