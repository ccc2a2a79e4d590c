package dev.connectorjobs.worker.connector.inventory;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.JobContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects the assets of one {@code fetch_assets} job page by page with bounded memory: every asset
 * is counted and (when asked) published, but only the first {@code max-result-assets} are kept for
 * the job's result. Stops at the job's {@code max_assets}, and between pages when the job is
 * cancelled. Reports progress.
 *
 * <p>The result is {@code {"source", "count", "assets": [...], "truncated", "published"}}.
 */
public final class InventoryCollector {

    private final String source;
    private final JobContext context;
    private final @Nullable AssetSink sink;
    private final long maxAssets;
    private final int keep;
    private final List<NormalizedAsset> kept = new ArrayList<>();
    private long count;
    private long published;

    /**
     * A collector for one job.
     *
     * @param sink where to publish, or null when the job did not ask to publish
     */
    public InventoryCollector(
            String source, JobContext context, InventoryProperties properties, @Nullable AssetSink sink) {
        this.source = source;
        this.context = context;
        this.sink = sink;
        Object max = context.params().get("max_assets");
        this.maxAssets = max instanceof Number n ? n.longValue() : Long.MAX_VALUE;
        this.keep = properties.maxResultAssets();
    }

    /** A collector that publishes when the job's {@code publish} param is true. */
    public static InventoryCollector forJob(
            String source, JobContext context, InventoryProperties properties, AssetSink sink) {
        boolean publish = Boolean.TRUE.equals(context.params().get("publish"));
        return new InventoryCollector(source, context, properties, publish ? sink : null);
    }

    /**
     * This collector, continuing a read an earlier attempt of the job began (a remote export it
     * resumes): the {@code count} records that attempt collected, {@code published} of them published,
     * count toward the job's {@code max_assets} and the result's {@code count} and {@code published},
     * but are not in its list of assets, so the result says {@code truncated}.
     */
    public InventoryCollector resumingAfter(long count, long published) {
        if (count < 0 || published < 0 || published > count) {
            throw new IllegalArgumentException("an earlier attempt collected " + count + " and published " + published);
        }
        this.count = count;
        this.published = sink == null ? 0 : published;
        return this;
    }

    /**
     * Adds one asset.
     *
     * @return false when the job's {@code max_assets} is reached and paging should stop
     */
    public boolean add(NormalizedAsset asset) {
        if (count >= maxAssets) {
            return false;
        }
        count++;
        if (kept.size() < keep) {
            kept.add(asset);
        }
        if (sink != null) {
            sink.publish(asset);
            published++;
        }
        return count < maxAssets;
    }

    /** Call after each page: reports progress and stops a cancelled job. */
    public void pageDone(long total) {
        context.progress(count, Math.max(total, count), "fetched " + count + " assets from " + source);
        context.cancellation().throwIfCancelled();
    }

    /** How many assets were collected so far. */
    public long count() {
        return count;
    }

    /** How many of them were published so far. */
    public long published() {
        return published;
    }

    /**
     * Waits until every asset published so far is durable: call it before a checkpoint records them as
     * read, so that a later attempt that skips them loses none.
     */
    public void flush() {
        if (sink != null) {
            sink.flush();
        }
    }

    /** Flushes published assets and builds the job's result. */
    public Map<String, Object> result() {
        if (sink != null) {
            sink.flush();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", source);
        result.put("count", count);
        result.put("assets", List.copyOf(kept));
        result.put("truncated", count > kept.size());
        result.put("published", published);
        return result;
    }
}
