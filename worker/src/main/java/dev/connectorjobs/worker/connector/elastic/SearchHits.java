package dev.connectorjobs.worker.connector.elastic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hits one {@code search} job keeps for its result, within {@code max_results} and {@code
 * max-result-bytes}, and what the pages said about the rest: the total, whether shards failed.
 */
final class SearchHits {

    /** Why reading stopped before the hits ran out. */
    enum Limit {
        MAX_RESULTS("max_results"),
        MAX_RESULT_BYTES("max-result-bytes");

        private final String name;

        Limit(String name) {
            this.name = name;
        }
    }

    private final ObjectMapper mapper;
    private final long maxResults;
    private final long maxBytes;
    private final List<JsonNode> kept = new ArrayList<>();
    private long bytes;
    private long total = -1;
    private String relation = "eq";
    private int pages;
    private boolean partial;
    private Optional<Limit> limit = Optional.empty();

    SearchHits(ObjectMapper mapper, long maxResults, long maxBytes) {
        this.mapper = mapper;
        this.maxResults = maxResults;
        this.maxBytes = maxBytes;
    }

    /** Hits still wanted. */
    long wanted() {
        return maxResults - kept.size();
    }

    /** How many hits are kept. */
    int count() {
        return kept.size();
    }

    /** The total the first page reported ({@code hits.total}), if it did. */
    void total(JsonNode hitsTotal) {
        if (hitsTotal.isObject() && hitsTotal.path("value").isIntegralNumber()) {
            total = hitsTotal.path("value").asLong();
            relation = hitsTotal.path("relation").asString("eq");
        }
    }

    /** The total, for progress: what the first page reported, or the hits wanted when it reported none. */
    long expected() {
        return total < 0 ? maxResults : Math.min(total, maxResults);
    }

    /** Notes one page and whether it came from every shard in time. */
    void page(int failedShards, boolean timedOut) {
        pages++;
        partial |= failedShards > 0 || timedOut;
    }

    /**
     * Keeps {@code hit} without its {@code sort} values (the paging's, of no use to the reader).
     *
     * @return false when it did not fit in the bytes left, which ends the read
     */
    boolean add(ObjectNode hit) {
        hit.remove("sort");
        if (hit.path("_score").isNull()) {
            hit.remove("_score");
        }
        long size = mapper.writeValueAsBytes(hit).length;
        if (bytes + size > maxBytes) {
            limit = Optional.of(Limit.MAX_RESULT_BYTES);
            return false;
        }
        bytes += size;
        kept.add(hit);
        if (kept.size() >= maxResults) {
            limit = Optional.of(Limit.MAX_RESULTS);
        }
        return true;
    }

    /** Whether reading should stop: a limit is reached. */
    boolean full() {
        return limit.isPresent();
    }

    /**
     * {@code {"index", "total", "total_relation", "count", "hits", "truncated", "truncated_by",
     * "pages", "partial"}}: {@code truncated} when a limit stopped the read and more hits matched.
     */
    Map<String, Object> result(String index) {
        boolean truncated = limit.map(
                        reached -> reached == Limit.MAX_RESULT_BYTES || "gte".equals(relation) || total > kept.size())
                .orElse(false);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        if (total >= 0) {
            result.put("total", total);
            result.put("total_relation", relation);
        }
        result.put("count", kept.size());
        result.put("hits", List.copyOf(kept));
        result.put("truncated", truncated);
        if (truncated) {
            result.put("truncated_by", limit.orElseThrow().name);
        }
        result.put("pages", pages);
        result.put("partial", partial);
        return result;
    }
}
