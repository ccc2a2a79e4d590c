package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.activedirectory.Directory.Session;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import dev.connectorjobs.worker.connector.kit.Params;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads accounts with the simple paged results control (RFC 2696): a subtree search asks for {@code
 * page-size} entries, the answer's control carries a cookie, and the same search with that cookie,
 * on the same connection, asks for the next page, until the cookie is empty. One page is in memory
 * at a time; each account is normalized into the job's {@link InventoryCollector} ({@code
 * max_assets}, {@code truncated}, publication), which reports progress and stops a cancelled job
 * between pages.
 *
 * <p>A read that stops early (at {@code max_assets} or the page cap) tells the server so with a
 * last request of size 0 and the cookie, as RFC 2696 asks, instead of leaving the server to keep
 * the search's state. A search that matches nothing is an empty result, not a failure.
 */
final class AccountInventory {

    private static final Logger log = LoggerFactory.getLogger(AccountInventory.class);

    private final Directory directory;
    private final DN configuredBase;
    private final int pageSize;
    private final int pageCap;
    private final AccountNormalizer normalizer;
    private final InventoryProperties limits;
    private final AssetSink sink;
    private final String connector;

    AccountInventory(
            Directory directory,
            DN configuredBase,
            int pageSize,
            int pageCap,
            AccountNormalizer normalizer,
            InventoryProperties limits,
            AssetSink sink,
            String connector) {
        this.directory = directory;
        this.configuredBase = configuredBase;
        this.pageSize = pageSize;
        this.pageCap = pageCap;
        this.normalizer = normalizer;
        this.limits = limits;
        this.sink = sink;
        this.connector = connector;
    }

    /**
     * Every account of {@code kind} the job's target holds: the collector's result plus {@code pages},
     * {@code page_cap_reached}, {@code search_base} and {@code filter}.
     */
    Map<String, Object> fetch(AccountKind kind, JobContext job) {
        Params params = Params.of(job);
        SearchTarget target = SearchTarget.of(kind, params, configuredBase, connector);
        Optional<Long> maxAssets = params.optionalInteger("max_assets");
        InventoryCollector collector = InventoryCollector.forJob(connector, job, limits, sink);
        return directory.session(job, session -> read(session, kind, target, maxAssets, collector));
    }

    private Map<String, Object> read(
            Session session,
            AccountKind kind,
            SearchTarget target,
            Optional<Long> maxAssets,
            InventoryCollector collector) {
        ASN1OctetString cookie = null;
        int pages = 0;
        boolean more = true;
        try {
            do {
                SearchRequest request = target.request(kind.attributes());
                request.setControls(new SimplePagedResultsControl(size(maxAssets, collector.count()), cookie, true));
                SearchResult page =
                        session.search(request, target.describe(), target.base().toString());
                pages++;
                cookie = next(page, target);
                more = collect(page, pages, kind, target, collector);
                collector.pageDone(0);
            } while (cookie != null && more && pages < pageCap);
        } finally {
            if (cookie != null) {
                endEarly(session, kind, target, cookie);
            }
        }
        boolean capReached = more && cookie != null;
        if (capReached) {
            log.warn(
                    "connector={} event=page_cap_reached pages={} records={}; raise {}.page-cap to read further",
                    connector,
                    pages,
                    collector.count(),
                    ActiveDirectoryProperties.PREFIX);
        }
        log.info(
                "connector={} event=records_fetched kind={} pages={} records={}",
                connector,
                kind.kind(),
                pages,
                collector.count());
        Map<String, Object> result = collector.result();
        result.put("pages", pages);
        result.put("page_cap_reached", capReached);
        result.put("search_base", target.base().toString());
        result.put("filter", target.filter().toString());
        return result;
    }

    /** The page size to ask for: {@code page-size}, or fewer when the job needs fewer to reach {@code max_assets}. */
    private int size(Optional<Long> maxAssets, long collected) {
        return maxAssets
                .map(max -> (int) Math.max(1, Math.min(pageSize, max - collected)))
                .orElse(pageSize);
    }

    /** The cookie for the next page, or null when this page was the last. */
    private @Nullable ASN1OctetString next(SearchResult page, SearchTarget target) {
        SimplePagedResultsControl control;
        try {
            control = SimplePagedResultsControl.get(page);
        } catch (LDAPException e) {
            throw ConnectorErrors.malformed(
                    connector, target.describe(), "its paged results control cannot be read: " + e.getMessage());
        }
        if (control == null || !control.moreResultsToReturn()) {
            return null;
        }
        return control.getCookie();
    }

    /** Adds the accounts of page {@code number}; false when the job has all it asked for. */
    private boolean collect(
            SearchResult page, int number, AccountKind kind, SearchTarget target, InventoryCollector collector) {
        List<SearchResultEntry> entries = page.getSearchEntries();
        for (SearchResultEntry entry : entries == null ? List.<SearchResultEntry>of() : entries) {
            NormalizedAsset record;
            try {
                record = normalizer.normalize(kind, entry);
            } catch (MalformedItemException e) {
                throw ConnectorErrors.malformed(connector, target.describe(), "page " + number + ": " + e.getMessage());
            }
            if (!collector.add(record)) {
                return false;
            }
        }
        return true;
    }

    /** Asks for no more entries of the paged search, so that the server releases it. */
    private static void endEarly(Session session, AccountKind kind, SearchTarget target, ASN1OctetString cookie) {
        SearchRequest request = target.request(kind.attributes());
        request.setControls(new SimplePagedResultsControl(0, cookie, false));
        session.quietly(request);
    }
}
