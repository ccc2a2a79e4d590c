package dev.connectorjobs.bench;

import dev.connectorjobs.bench.BenchOptions.Operation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The submission requests of a run, and the task ids in their answers. A single job goes to {@code
 * POST /api/v1/jobs}; a batch to {@code POST /api/v1/jobs:batch} as {@code {"jobs": [...]}}, whose
 * answer lists one result per job, in order.
 */
final class JobRequests {

    static final String SINGLE_PATH = "/api/v1/jobs";
    static final String BATCH_PATH = "/api/v1/jobs:batch";
    /** What an {@code http} job asks the stub for, followed by its number. */
    static final String STUB_PATH = "/bench/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Operation operation;
    private final long sleepMs;
    private final boolean batch;

    JobRequests(Operation operation, long sleepMs, boolean batch) {
        this.operation = operation;
        this.sleepMs = sleepMs;
        this.batch = batch;
    }

    URI endpoint(URI api) {
        return URI.create(api + (batch ? BATCH_PATH : SINGLE_PATH));
    }

    /** The body of the request that carries jobs {@code firstJob} to {@code firstJob + count - 1}. */
    String body(int firstJob, int count) {
        if (!batch) {
            return job(firstJob);
        }
        StringBuilder body = new StringBuilder(count * 80 + 16).append("{\"jobs\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(job(firstJob + i));
        }
        return body.append("]}").toString();
    }

    /**
     * The task ids in a 2xx answer, one entry per job of the request: empty for a job the API
     * rejected.
     *
     * @throws JacksonException when the answer is not the JSON the API documents
     */
    List<Optional<UUID>> taskIds(String answer, int count) {
        JsonNode root = JSON.readTree(answer);
        if (!batch) {
            return List.of(taskId(root));
        }
        JsonNode results = root.path("results");
        List<Optional<UUID>> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(taskId(results.path(i)));
        }
        return ids;
    }

    private String job(int index) {
        if (operation == Operation.HTTP) {
            return "{\"connector\":\"external_api\",\"operation\":\"request\",\"params\":{\"method\":\"GET\","
                    + "\"path\":\"" + STUB_PATH + index + "\"}}";
        }
        String params = operation == Operation.SLEEP ? "{\"ms\":" + sleepMs + "}" : "{\"n\":" + index + "}";
        return "{\"connector\":\"diagnostics\",\"operation\":\"" + operation.apiName() + "\",\"params\":" + params
                + "}";
    }

    private static Optional<UUID> taskId(JsonNode result) {
        JsonNode id = result.get("task_id");
        if (id == null || !id.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id.asString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
