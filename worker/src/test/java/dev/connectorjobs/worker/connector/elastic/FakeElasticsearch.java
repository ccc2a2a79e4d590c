package dev.connectorjobs.worker.connector.elastic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Elasticsearch 8 cluster as its REST API answers, for contract tests: API key / Basic / Bearer
 * authentication ({@code 401 security_exception} otherwise), {@code GET /_cluster/health}, points in
 * time ({@code POST /{index}/_pit}, {@code DELETE /_pit}, a new {@code pit_id} on every page, expiry
 * as {@code 404 search_phase_execution_exception} caused by {@code search_context_missing_exception}),
 * {@code POST /_search} with {@code pit}, {@code sort} (the implicit {@code _shard_doc} tiebreaker
 * added when missing), {@code search_after} and the 10,000-hit result window, and {@code POST /_bulk}
 * with NDJSON: a 200 with {@code "errors": true} and a status per item (429 {@code
 * es_rejected_execution_exception}, 400 {@code document_parsing_exception}, 409 {@code
 * version_conflict_engine_exception}, data streams that take only {@code create}).
 *
 * <p>Use it with {@code any(anyUrl()).willReturn(aResponse().withTransformers(FakeElasticsearch.NAME))};
 * stubs of a higher priority inject whole-request failures.
 */
final class FakeElasticsearch implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-elasticsearch";

    /** The first {@code @timestamp} of a generated event; each later one is a second earlier. */
    static final Instant NEWEST = Instant.parse("2026-11-30T23:59:59Z");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_RESULT_WINDOW = 10_000;

    private volatile String authorization = "";
    private volatile String health = "green";
    private final Map<String, Integer> indices = new ConcurrentHashMap<>();
    private final Set<String> dataStreams = ConcurrentHashMap.newKeySet();
    private final Map<String, Pit> pits = new ConcurrentHashMap<>();
    private final AtomicInteger pitCounter = new AtomicInteger();
    private volatile int expireAfterPages = Integer.MAX_VALUE;
    private final List<String> keepAlives = new CopyOnWriteArrayList<>();
    private final List<JsonNode> searches = new CopyOnWriteArrayList<>();
    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> stored = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rejections = new ConcurrentHashMap<>();
    private final List<List<String>> bulkIds = new CopyOnWriteArrayList<>();

    /** A point in time: the index it views, the pages served, whether it is gone. */
    private static final class Pit {
        final String index;
        final String base;
        int pages;
        int generation;
        volatile boolean gone;

        Pit(String index, String base) {
            this.index = index;
            this.base = base;
        }
    }

    /** An empty cluster that accepts {@code authorization} (the whole header value). */
    FakeElasticsearch reset(String authorization) {
        this.authorization = authorization;
        health = "green";
        indices.clear();
        dataStreams.clear();
        pits.clear();
        expireAfterPages = Integer.MAX_VALUE;
        keepAlives.clear();
        searches.clear();
        closed.clear();
        stored.clear();
        rejections.clear();
        bulkIds.clear();
        return this;
    }

    /** An index of {@code events} generated events, {@code evt-0} the newest. */
    FakeElasticsearch index(String name, int events) {
        indices.put(name, events);
        return this;
    }

    /** A data stream: writes to it must be {@code create}. */
    FakeElasticsearch dataStream(String name) {
        dataStreams.add(name);
        return this;
    }

    FakeElasticsearch health(String status) {
        health = status;
        return this;
    }

    /** Every point in time expires once it has served {@code pages} pages (its keep-alive passed). */
    FakeElasticsearch expireAfterPages(int pages) {
        expireAfterPages = pages;
        return this;
    }

    /** The document with {@code id} is rejected with 429 the first {@code times} times it is sent. */
    FakeElasticsearch reject(String id, int times) {
        rejections.put(id, new AtomicInteger(times));
        return this;
    }

    /** A document already stored, e.g. for a {@code create} that conflicts. */
    FakeElasticsearch store(String index, String id, String source) {
        stored.put(index + "/" + id, JSON.readTree(source));
        return this;
    }

    /** The {@code keep_alive} of every {@code POST /{index}/_pit}, in order. */
    List<String> keepAlives() {
        return List.copyOf(keepAlives);
    }

    /** The bodies of every {@code POST /_search}, in order. */
    List<JsonNode> searches() {
        return List.copyOf(searches);
    }

    /** The ids every {@code DELETE /_pit} named, in order. */
    List<String> closed() {
        return List.copyOf(closed);
    }

    /** Points in time opened and neither closed nor expired. */
    long openPits() {
        return pits.values().stream().distinct().filter(pit -> !pit.gone).count();
    }

    /** The document stored as {@code index}/{@code id}, or null. */
    JsonNode document(String index, String id) {
        return stored.get(index + "/" + id);
    }

    /** Documents stored in {@code index}. */
    long count(String index) {
        return stored.keySet().stream()
                .filter(key -> key.startsWith(index + "/"))
                .count();
    }

    /** The ids each {@code _bulk} request carried, in order. */
    List<List<String>> bulkRequests() {
        return List.copyOf(bulkIds);
    }

    /** The {@code _id} of generated event {@code i}. */
    static String eventId(int i) {
        return "evt-" + i;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        if (!authorization.equals(request.getHeader("Authorization"))) {
            return unauthenticated();
        }
        String method = request.getMethod().getName();
        String path = URLDecoder.decode(request.getUrl().replaceFirst("\\?.*", ""), StandardCharsets.UTF_8);
        if (method.equals("GET") && path.equals("/_cluster/health")) {
            return json(200, clusterHealth());
        }
        if (method.equals("POST") && path.endsWith("/_pit")) {
            return openPit(path.substring(1, path.length() - "/_pit".length()), request);
        }
        if (method.equals("POST") && path.equals("/_search")) {
            return search(JSON.readTree(request.getBodyAsString()));
        }
        if (method.equals("DELETE") && path.equals("/_pit")) {
            return closePit(JSON.readTree(request.getBodyAsString()));
        }
        if (method.equals("POST") && path.equals("/_bulk")) {
            return bulk(request);
        }
        return json(
                400,
                "{\"error\":\"no handler found for uri [" + path + "] and method [" + method + "]\",\"status\":400}");
    }

    private static ResponseDefinition unauthenticated() {
        return aResponse()
                .withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withHeader("WWW-Authenticate", "Basic realm=\"security\", charset=\"UTF-8\"")
                .withHeader("WWW-Authenticate", "ApiKey")
                .withBody(error(
                        401,
                        "security_exception",
                        "unable to authenticate with provided credentials and anonymous access is not allowed for"
                                + " this request"))
                .build();
    }

    private String clusterHealth() {
        int unassigned = health.equals("green") ? 0 : health.equals("yellow") ? 5 : 7;
        return "{\"cluster_name\":\"siem-prod\",\"status\":\"" + health + "\",\"timed_out\":false,"
                + "\"number_of_nodes\":3,\"number_of_data_nodes\":3,\"active_primary_shards\":10,"
                + "\"active_shards\":" + (20 - unassigned) + ",\"relocating_shards\":0,\"initializing_shards\":0,"
                + "\"unassigned_shards\":" + unassigned + ",\"unassigned_primary_shards\":"
                + (health.equals("red") ? 2 : 0) + ",\"delayed_unassigned_shards\":0,"
                + "\"number_of_pending_tasks\":0,\"number_of_in_flight_fetch\":0,"
                + "\"task_max_waiting_in_queue_millis\":0,\"active_shards_percent_as_number\":"
                + (100.0 * (20 - unassigned) / 20) + "}";
    }

    private ResponseDefinition openPit(String index, LoggedRequest request) {
        if (!request.queryParameter("keep_alive").isPresent()) {
            return json(
                    400,
                    error(
                            400,
                            "action_request_validation_exception",
                            "Validation Failed: 1: [keep_alive] is not" + " specified;"));
        }
        keepAlives.add(request.queryParameter("keep_alive").firstValue());
        if (!indices.containsKey(index)) {
            return json(
                    404,
                    "{\"error\":{\"root_cause\":[{\"type\":\"index_not_found_exception\",\"reason\":\"no such index ["
                            + index + "]\",\"resource.type\":\"index_or_alias\",\"resource.id\":\"" + index
                            + "\",\"index_uuid\":\"_na_\",\"index\":\"" + index
                            + "\"}],\"type\":\"index_not_found_exception\","
                            + "\"reason\":\"no such index [" + index + "]\",\"resource.type\":\"index_or_alias\","
                            + "\"resource.id\":\"" + index + "\",\"index_uuid\":\"_na_\",\"index\":\"" + index
                            + "\"},\"status\":404}");
        }
        String base = "46ToAwMDaWR4BXV1aWQxAgZub2RlXzEAAAAAAAAAAAEBYQNpZHk" + pitCounter.incrementAndGet();
        Pit pit = new Pit(index, base);
        String id = base + "==";
        pits.put(id, pit);
        return json(
                200, "{\"id\":\"" + id + "\",\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}}");
    }

    private ResponseDefinition search(JsonNode body) {
        searches.add(body);
        long size = body.path("size").asLong(10);
        long from = body.path("from").asLong(0);
        if (from + size > MAX_RESULT_WINDOW) {
            return json(
                    400,
                    error(
                            400,
                            "illegal_argument_exception",
                            "Result window is too large, from + size must be less"
                                    + " than or equal to: [10000] but was [" + (from + size)
                                    + "]. See the scroll api for a"
                                    + " more efficient way to request large data sets."));
        }
        Pit pit = pits.get(body.path("pit").path("id").asString(""));
        if (pit == null || pit.gone) {
            return json(
                    404,
                    "{\"error\":{\"root_cause\":[{\"type\":\"search_context_missing_exception\",\"reason\":\"No search"
                            + " context found for id [91]\"}],\"type\":\"search_phase_execution_exception\","
                            + "\"reason\":\"all shards failed\",\"phase\":\"query\",\"grouped\":true,"
                            + "\"failed_shards\":[{\"shard\":-1,\"index\":null,\"reason\":{\"type\":"
                            + "\"search_context_missing_exception\",\"reason\":\"No search context found for id"
                            + " [91]\"}}]},\"status\":404}");
        }
        List<String> sort = sortFields(body.path("sort"));
        JsonNode after = body.path("search_after");
        if (!after.isMissingNode() && after.size() != sort.size()) {
            return json(
                    400,
                    error(
                            400,
                            "illegal_argument_exception",
                            "search_after has " + after.size() + " value(s) but sort has " + sort.size() + "."));
        }
        int total = indices.get(pit.index);
        int start =
                after.isMissingNode() ? 0 : position(after.get(after.size() - 1).asLong()) + 1;
        ArrayNode hits = NODES.arrayNode();
        for (int i = start; i < Math.min(total, start + size); i++) {
            hits.add(hit(pit.index, i, sort));
        }
        pit.pages++;
        pit.generation++;
        if (pit.pages >= expireAfterPages) {
            pit.gone = true;
        }
        ObjectNode answer = NODES.objectNode();
        answer.put("pit_id", pit.base + "." + pit.generation + "==");
        pits.put(pit.base + "." + pit.generation + "==", pit);
        answer.put("took", 3);
        answer.put("timed_out", false);
        answer.set("_shards", JSON.readTree("{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}"));
        ObjectNode hitsNode = answer.putObject("hits");
        if (body.path("track_total_hits").asBoolean(true)) {
            ObjectNode totalNode = hitsNode.putObject("total");
            totalNode.put("value", Math.min(total, MAX_RESULT_WINDOW));
            totalNode.put("relation", total > MAX_RESULT_WINDOW ? "gte" : "eq");
        }
        hitsNode.putNull("max_score");
        hitsNode.set("hits", hits);
        return json(200, answer.toString());
    }

    /** The sort fields requested, with {@code _shard_doc} added as Elasticsearch adds it to a PIT search. */
    private static List<String> sortFields(JsonNode sort) {
        List<String> fields = new ArrayList<>();
        for (JsonNode clause : sort) {
            fields.add(
                    clause.isString()
                            ? clause.asString()
                            : clause.propertyNames().iterator().next());
        }
        if (!fields.contains("_shard_doc")) {
            fields.add("_shard_doc");
        }
        return fields;
    }

    /** {@code _shard_doc} of event {@code i}: shard 1 in the upper 32 bits, so it does not fit an int. */
    static long shardDoc(int i) {
        return (1L << 32) + i;
    }

    private static int position(long shardDoc) {
        return (int) (shardDoc - (1L << 32));
    }

    private static ObjectNode hit(String index, int i, List<String> sort) {
        ObjectNode hit = NODES.objectNode();
        hit.put("_index", index);
        hit.put("_id", eventId(i));
        hit.putNull("_score");
        ObjectNode source = hit.putObject("_source");
        Instant at = NEWEST.minusSeconds(i);
        source.put("@timestamp", at.toString());
        source.putObject("event").put("action", i % 3 == 0 ? "logon-failed" : "logon-succeeded");
        source.putObject("host").put("name", "web-" + (i % 40));
        source.put("message", "authentication attempt " + i);
        ArrayNode values = hit.putArray("sort");
        for (String field : sort) {
            if (field.equals("_shard_doc")) {
                values.add(shardDoc(i));
            } else {
                values.add(at.toEpochMilli());
            }
        }
        return hit;
    }

    private ResponseDefinition closePit(JsonNode body) {
        String id = body.path("id").asString("");
        closed.add(id);
        Pit pit = pits.get(id);
        if (pit == null || pit.gone) {
            return json(404, "{\"succeeded\":true,\"num_freed\":0}");
        }
        pit.gone = true;
        return json(200, "{\"succeeded\":true,\"num_freed\":1}");
    }

    private ResponseDefinition bulk(LoggedRequest request) {
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        if (!contentType.startsWith("application/x-ndjson") && !contentType.startsWith("application/json")) {
            return json(
                    406, "{\"error\":\"Content-Type header [" + contentType + "] is not supported\",\"status\":406}");
        }
        String body = request.getBodyAsString();
        if (!body.endsWith("\n")) {
            return json(
                    400,
                    error(400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]"));
        }
        String[] lines = body.split("\n");
        ArrayNode items = NODES.arrayNode();
        List<String> ids = new ArrayList<>();
        boolean errors = false;
        for (int i = 0; i + 1 < lines.length; i += 2) {
            JsonNode action = JSON.readTree(lines[i]);
            String op = action.propertyNames().iterator().next();
            JsonNode meta = action.path(op);
            String index = meta.path("_index").asString("");
            String id = meta.path("_id").asString("");
            ids.add(id);
            ObjectNode item = outcome(op, index, id, JSON.readTree(lines[i + 1]));
            errors |= item.has("error");
            items.addObject().set(op, item);
        }
        bulkIds.add(ids);
        ObjectNode answer = NODES.objectNode();
        answer.put("errors", errors);
        answer.put("took", 30);
        answer.set("items", items);
        return json(200, answer.toString());
    }

    private ObjectNode outcome(String op, String index, String id, JsonNode source) {
        ObjectNode item = NODES.objectNode();
        item.put("_index", index);
        item.put("_id", id);
        AtomicInteger rejected = rejections.get(id);
        if (rejected != null && rejected.getAndDecrement() > 0) {
            return failed(
                    item,
                    429,
                    "es_rejected_execution_exception",
                    "rejected execution of coordinating operation [coordinating_and_primary_bytes=104759862,"
                            + " replica_bytes=0, all_bytes=104759862, coordinating_operation_bytes=20862272,"
                            + " max_coordinating_and_primary_bytes=107374182]");
        }
        if (source.has("_id")) {
            return failed(
                    item,
                    400,
                    "document_parsing_exception",
                    "[1:8] Field [_id] is a metadata field and cannot be added inside a document. Use the index API"
                            + " request parameters.");
        }
        if (source.has("count") && !source.path("count").isNumber()) {
            failed(
                    item,
                    400,
                    "document_parsing_exception",
                    "[1:30] failed to parse field [count] of type [long] in document with id '" + id
                            + "'. Preview of field's value: '"
                            + source.path("count").asString() + "'");
            ((ObjectNode) item.path("error"))
                    .putObject("caused_by")
                    .put("type", "illegal_argument_exception")
                    .put("reason", "For input string: \"" + source.path("count").asString() + "\"");
            return item;
        }
        if (dataStreams.contains(index) && !op.equals("create")) {
            return failed(
                    item,
                    400,
                    "illegal_argument_exception",
                    "only write ops with an op_type of create are allowed in data streams");
        }
        String key = index + "/" + id;
        boolean exists = stored.containsKey(key);
        if (exists && op.equals("create")) {
            return failed(
                    item,
                    409,
                    "version_conflict_engine_exception",
                    "[" + id + "]: version conflict, document already exists (current version [1])");
        }
        stored.put(key, source);
        item.put("_version", exists ? 2 : 1);
        item.put("result", exists ? "updated" : "created");
        item.set("_shards", JSON.readTree("{\"total\":2,\"successful\":1,\"failed\":0}"));
        item.put("_seq_no", stored.size());
        item.put("_primary_term", 1);
        item.put("status", exists ? 200 : 201);
        return item;
    }

    private static ObjectNode failed(ObjectNode item, int status, String type, String reason) {
        item.put("status", status);
        ObjectNode error = item.putObject("error");
        error.put("type", type);
        error.put("reason", reason);
        if (type.equals("version_conflict_engine_exception")) {
            error.put("index_uuid", "aAsFqTI0Tc2W0LCWgPNrOA");
            error.put("shard", "0");
            error.put("index", item.path("_index").asString());
        }
        return item;
    }

    /** An answer with {@link #error} as its body, for a stub that injects a failure. */
    static ResponseDefinitionBuilder answer(int status, String type, String reason) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(error(status, type, reason));
    }

    /** An Elasticsearch error body: {@code {"error": {"root_cause": [...], "type", "reason"}, "status"}}. */
    static String error(int status, String type, String reason) {
        ObjectNode cause = NODES.objectNode();
        cause.put("type", type);
        cause.put("reason", reason);
        ObjectNode error = NODES.objectNode();
        error.putArray("root_cause").add(cause.deepCopy());
        error.put("type", type);
        error.put("reason", reason);
        ObjectNode body = NODES.objectNode();
        body.set("error", error);
        body.put("status", status);
        return body.toString();
    }

    private static ResponseDefinition json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-elastic-product", "Elasticsearch")
                .withBody(body)
                .build();
    }
}
