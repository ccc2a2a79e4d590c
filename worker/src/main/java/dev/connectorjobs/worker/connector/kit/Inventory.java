package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads every page of an inventory list, one page in memory at a time: asks for a page, normalizes
 * and collects its items, then asks for the next, until the {@link Paging} says it was the last, the
 * job's {@code max_assets} is reached, or the page cap. One {@code Inventory} describes a read and
 * serves every job: {@code Inventory.of(api, "value", Paging.nextLink("@odata.nextLink"),
 * normalizer::normalize).pageCap(1000).fetch(first, collector, job)}. Progress is reported and
 * cancellation checked after every page.
 *
 * <p>An answer with a non-2xx status the request {@linkplain VendorRequest#handling handles} itself
 * (Defender's 404 for "no machines", Graph's 410 for an expired delta link) ends the read as an empty
 * last page; the caller finds it as {@link Fetched#lastPage()} and decides what it means.
 */
public final class Inventory {

    private static final Logger log = LoggerFactory.getLogger(Inventory.class);

    private final VendorApi api;
    private final String itemsField;
    private final Paging paging;
    private final Normalizer normalizer;
    private final @Nullable String totalField;
    private final boolean absentMeansEmpty;
    private final int pageCap;

    private Inventory(
            VendorApi api,
            String itemsField,
            Paging paging,
            Normalizer normalizer,
            @Nullable String totalField,
            boolean absentMeansEmpty,
            int pageCap) {
        this.api = api;
        this.itemsField = itemsField;
        this.paging = paging;
        this.normalizer = normalizer;
        this.totalField = totalField;
        this.absentMeansEmpty = absentMeansEmpty;
        this.pageCap = pageCap;
    }

    /**
     * A read of the list {@code api} pages with {@code paging}, its items at {@code itemsField} (a
     * name such as {@code value} or a JSON pointer such as {@code /data}), each turned into a record
     * by {@code normalizer}; no page cap until {@link #pageCap} sets one.
     */
    public static Inventory of(VendorApi api, String itemsField, Paging paging, Normalizer normalizer) {
        return new Inventory(api, itemsField, paging, normalizer, null, false, Integer.MAX_VALUE);
    }

    /** This read, stopping after {@code pages} pages with {@code page_cap_reached} in the result. */
    public Inventory pageCap(int pages) {
        return new Inventory(api, itemsField, paging, normalizer, totalField, absentMeansEmpty, pages);
    }

    /** This read, taking the total number of items for progress from {@code field} of each page. */
    public Inventory total(String field) {
        return new Inventory(api, itemsField, paging, normalizer, field, absentMeansEmpty, pageCap);
    }

    /**
     * This read, for vendors that leave the items field out of a page that has none (Google APIs omit
     * empty lists: an enterprise without devices answers {@code {}}). A present field that is not an
     * array is malformed all the same.
     */
    public Inventory absentMeansEmpty() {
        return new Inventory(api, itemsField, paging, normalizer, totalField, true, pageCap);
    }

    /** Turns one list item into a normalized record. */
    @FunctionalInterface
    public interface Normalizer {

        /**
         * The record for {@code item}.
         *
         * @param path where the item is, e.g. {@code value[3]}, to name in errors
         * @throws MalformedItemException when a field the record needs is missing or mistyped
         */
        NormalizedAsset normalize(JsonNode item, String path);
    }

    /**
     * An item lacks what its record needs; the message names the field, e.g. {@code value[3].id is
     * missing}. A vendor's normalizer may throw a subclass of its own.
     */
    public static class MalformedItemException extends RuntimeException {

        public MalformedItemException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What one read produced.
     *
     * @param result the job's result: the collector's, plus {@code pages} and {@code page_cap_reached}
     * @param lastPage the last page read (e.g. for a delta link on it); null when none was
     */
    public record Fetched(
            Map<String, Object> result, @Nullable VendorResponse lastPage) {}

    /** Reads the list from the page {@code first} asks for, into {@code collector}, for {@code job}. */
    public Fetched fetch(VendorRequest first, InventoryCollector collector, JobContext job) {
        Optional<VendorRequest> next = Optional.of(first);
        VendorResponse last = null;
        int pages = 0;
        boolean more = true;
        while (next.isPresent() && more && pages < pageCap) {
            VendorRequest request = next.get();
            VendorResponse page = api.send(request, job);
            pages++;
            last = page;
            if (page.status() < 200 || page.status() > 299) {
                collector.pageDone(0);
                next = Optional.empty();
                break;
            }
            JsonNode field = page.at(itemsField);
            JsonNode items = absentMeansEmpty && (field.isMissingNode() || field.isNull())
                    ? JsonNodeFactory.instance.arrayNode()
                    : page.array(itemsField);
            more = collect(page, pages, items, collector);
            long total = totalField == null ? 0 : page.optionalLong(totalField).orElse(0L);
            collector.pageDone(total);
            next = more ? paging.next(request, page, items.size()) : Optional.empty();
            if (next.isPresent() && sameRequest(next.get(), request)) {
                throw page.malformed("the next page's continuation repeats the current one");
            }
        }
        boolean capReached = more && next.isPresent();
        if (capReached) {
            log.warn(
                    "connector={} event=page_cap_reached pages={} records={}; raise the connector's page-cap to read"
                            + " further",
                    api.connector(),
                    pages,
                    collector.count());
        }
        log.info("connector={} event=records_fetched pages={} records={}", api.connector(), pages, collector.count());
        Map<String, Object> result = collector.result();
        result.put("pages", pages);
        result.put("page_cap_reached", capReached);
        return new Fetched(result, last);
    }

    private static boolean sameRequest(VendorRequest a, VendorRequest b) {
        return a.target().equals(b.target()) && a.query().equals(b.query()) && a.isLink() == b.isLink();
    }

    /** Adds the items of page {@code number} (from 1); false when the job has all it asked for. */
    private boolean collect(VendorResponse page, int number, JsonNode items, InventoryCollector collector) {
        String name = itemsField.startsWith("/") ? itemsField.substring(1).replace('/', '.') : itemsField;
        for (int i = 0; i < items.size(); i++) {
            NormalizedAsset record;
            try {
                record = normalizer.normalize(items.get(i), name + "[" + i + "]");
            } catch (MalformedItemException e) {
                throw page.malformed("page " + number + ": " + e.getMessage());
            }
            if (!collector.add(record)) {
                return false;
            }
        }
        return true;
    }
}
