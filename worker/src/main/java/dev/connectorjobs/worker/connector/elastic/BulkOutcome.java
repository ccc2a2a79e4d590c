package dev.connectorjobs.worker.connector.elastic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * What became of each document of one {@code bulk_index} job: counted as indexed, already indexed or
 * failed, and the first {@value #MAX_LISTED} failures listed with the document's position in the
 * job's {@code documents}, its {@code _id}, the item's status and Elasticsearch's error.
 */
final class BulkOutcome {

    /** Most failures listed in a result; the rest are only counted. */
    static final int MAX_LISTED = 100;

    private final int documents;
    private final UnaryOperator<String> mask;
    private final List<Map<String, Object>> failures = new ArrayList<>();
    private long indexed;
    private long alreadyIndexed;
    private long failed;
    private long resent;
    private int chunks;

    /**
     * @param mask masks secrets in Elasticsearch's words
     */
    BulkOutcome(int documents, UnaryOperator<String> mask) {
        this.documents = documents;
        this.mask = mask;
    }

    void indexed() {
        indexed++;
    }

    /** A document with a generated id that an earlier request of the same job created already. */
    void alreadyIndexed() {
        alreadyIndexed++;
    }

    void failed(BulkLine line, int status, JsonNode error) {
        failed++;
        if (failures.size() < MAX_LISTED) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("position", line.position());
            failure.put("_id", line.id());
            failure.put("status", status);
            failure.put("type", error.path("type").asString(""));
            failure.put("reason", mask.apply(ElasticFailures.describe(error)));
            failures.add(failure);
        }
    }

    /** Documents sent again after a 429. */
    void resent(int count) {
        resent += count;
    }

    void chunkDone() {
        chunks++;
    }

    /** Documents with an outcome so far. */
    long done() {
        return indexed + alreadyIndexed + failed;
    }

    /**
     * {@code {"index", "op_type", "documents", "indexed", "already_indexed", "failed", "failures",
     * "failures_truncated", "chunks", "resent"}}.
     */
    Map<String, Object> result(String index, String opType) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        result.put("op_type", opType);
        result.put("documents", documents);
        result.put("indexed", indexed);
        result.put("already_indexed", alreadyIndexed);
        result.put("failed", failed);
        result.put("failures", List.copyOf(failures));
        result.put("failures_truncated", failed > failures.size());
        result.put("chunks", chunks);
        result.put("resent", resent);
        return result;
    }
}
