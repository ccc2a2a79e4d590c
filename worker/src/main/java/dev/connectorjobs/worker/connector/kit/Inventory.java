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
 * job's {@code max_assets} is reached, or {@code pageCap} pages were read. Progress is reported and
 * cancellation checked after every page.
 *
 * <p>An answer with a non-2xx status the request {@linkplain VendorRequest#handling handles} itself
 * (Defender's 404 for "no machines", Graph's 410 for an expired delta link) ends the read as an empty
 * last page; the caller finds it as {@link Fetched#lastPage()} and decides what it means.
 */
public final class Inventory {

    private static final Logger log = LoggerFactory.getLogger(Inventory.class);

    private Inventory() {}

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

    /**
     * Reads the list that {@code first} starts.
     *
     * @param itemsField where a page keeps its items ({@code value}, {@code devices}, {@code /data})
     * @param totalField where a page says how many items there are in all, for progress; null for none
     */
    public static Fetched fetch(
            VendorApi api,
            VendorRequest first,
            String itemsField,
            @Nullable String totalField,
            Paging paging,
            Normalizer normalizer,
            InventoryCollector collector,
            int pageCap,
            JobContext job) {
        return fetch(api, first, itemsField, false, totalField, paging, normalizer, collector, pageCap, job);
    }

    /**
     * Like {@link #fetch(VendorApi, VendorRequest, String, String, Paging, Normalizer,
     * InventoryCollector, int, JobContext)}, for vendors that leave the items field out of a page that
     * has none (Google APIs omit empty lists: an enterprise without devices answers {@code {}}).
     *
     * @param absentMeansEmpty whether a page without {@code itemsField} (or with null) holds no items;
     *     a present field that is not an array is malformed all the same
     */
    public static Fetched fetch(
            VendorApi api,
            VendorRequest first,
            String itemsField,
            boolean absentMeansEmpty,
            @Nullable String totalField,
            Paging paging,
            Normalizer normalizer,
            InventoryCollector collector,
            int pageCap,
            JobContext job) {
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
            more = collect(page, pages, itemsField, items, normalizer, collector);
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
    private static boolean collect(
            VendorResponse page,
            int number,
            String itemsField,
            JsonNode items,
            Normalizer normalizer,
            InventoryCollector collector) {
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
