package dev.connectorjobs.worker.connector.activedirectory;

import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.activedirectory.DirectoryExtension.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.testing.directory.ActiveDirectoryEntries;
import dev.connectorjobs.testing.directory.InMemoryActiveDirectory;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.HeapMeasurement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 20,000 computer accounts read from the in-memory domain controller through paged results, 20
 * pages of 1,000, with bounded memory: a measurement (printed as {@code MEASURE ...}, never asserted
 * on) and checks that every page was asked for with the cookie of the one before and that the result
 * keeps only {@code max-result-assets} records. For scale, a second measurement reads the same
 * 20,000 entries in one unpaged search, which holds them all at once. The server runs in the same
 * JVM, so its 20,000 entries are part of the heap before the run.
 */
class ActiveDirectoryLargeInventoryTest {

    static final int COMPUTERS = 20_000;
    static final int PAGE = 1_000;

    @RegisterExtension
    static final DirectoryExtension ad =
            new DirectoryExtension(() -> InMemoryActiveDirectory.start().addComputers(COMPUTERS));

    @Test
    void twenty_thousand_computers_are_read_page_by_page_and_the_result_keeps_only_max_result_assets() {
        ActiveDirectoryConnector connector = ad.connector("page-size", Integer.toString(PAGE));
        AtomicLong progressReports = new AtomicLong();

        Map<String, Object> result = HeapMeasurement.measure(
                "active_directory " + COMPUTERS + " computers, paged by " + PAGE,
                () -> run(
                        connector,
                        aJob("active_directory", "fetch_assets")
                                .onProgress(count -> progressReports.incrementAndGet())));

        assertThat(result)
                .containsEntry("count", (long) COMPUTERS)
                .containsEntry("pages", COMPUTERS / PAGE)
                .containsEntry("page_cap_reached", false)
                .containsEntry("truncated", true);
        assertThat(ad.directory().pageSizes()).isEqualTo(Collections.nCopies(COMPUTERS / PAGE, PAGE));
        assertThat(progressReports).hasValue(COMPUTERS / PAGE);
        List<NormalizedAsset> assets = ConnectorTestbed.assets(result);
        assertThat(assets).hasSize(500).extracting(NormalizedAsset::sourceId).doesNotHaveDuplicates();
    }

    @Test
    void for_scale_one_unpaged_search_holds_every_entry_at_once() throws Exception {
        try (LDAPConnection connection = new LDAPConnection(
                "127.0.0.1",
                ad.directory().port(),
                InMemoryActiveDirectory.BIND_DN,
                InMemoryActiveDirectory.PASSWORD)) {
            SearchResult all = HeapMeasurement.measure(
                    "active_directory " + COMPUTERS + " computers in one unpaged search", () -> search(connection));

            assertThat(all.getEntryCount()).isEqualTo(COMPUTERS);
        }
    }

    private static SearchResult search(LDAPConnection connection) {
        try {
            return connection.search(
                    ActiveDirectoryEntries.DOMAIN,
                    SearchScope.SUB,
                    "(objectClass=computer)",
                    AccountKind.COMPUTER.attributes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
