package dev.connectorjobs.worker.connector.splunk;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP Event Collector's {@code POST /services/collector/event} as Splunk answers it, for {@code
 * post(urlPathEqualTo("/services/collector/event"))}: {@code Authorization: Splunk <token>} checked
 * first (401 code 2 without it, 401 code 3 in another scheme, 403 code 4 for an unknown token, 403
 * code 1 for a disabled one), then the body read as concatenated JSON event objects (400 code 5 when
 * empty, 400 code 6 with {@code invalid-event-number} at the first that is not an object, 12 at one
 * without an {@code event}, 400 code 7 for an index the token may not write); accepted events are kept in
 * order. Answers queued with {@link #answerNext} or {@link #failAfter} come first, such as HEC's 503
 * code 9 when busy.
 */
final class FakeHec implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-hec";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String token;
    private final List<String> allowedIndexes;
    private final List<JsonNode> indexed = new CopyOnWriteArrayList<>();
    private final Deque<ResponseDefinition> queued = new ArrayDeque<>();
    private int acceptedRequests;
    private int failAfter = -1;
    private @Nullable ResponseDefinition failure;
    private volatile boolean disabled;

    FakeHec(String token, List<String> allowedIndexes) {
        this.token = token;
        this.allowedIndexes = allowedIndexes;
    }

    synchronized void reset() {
        indexed.clear();
        queued.clear();
        disabled = false;
        acceptedRequests = 0;
        failAfter = -1;
        failure = null;
    }

    /** The token is disabled in Splunk from now on. */
    void disable() {
        disabled = true;
    }

    /** The next request is answered {@code status} {@code {"text", "code"}} without indexing anything. */
    synchronized void answerNext(int status, int code, String text) {
        queued.add(answer(status, code, text));
    }

    /** Once {@code requests} requests were accepted, the next is answered {@code status} {@code {"text", "code"}}. */
    synchronized void failAfter(int requests, int status, int code, String text) {
        failAfter = requests;
        failure = answer(status, code, text);
    }

    /** Every event indexed, envelope and all, in order. */
    List<JsonNode> indexed() {
        return List.copyOf(indexed);
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
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return answer(401, 2, "Token is required");
        }
        if (!authorization.startsWith("Splunk ")) {
            return answer(401, 3, "Invalid authorization");
        }
        if (!authorization.equals("Splunk " + token)) {
            return answer(403, 4, "Invalid token");
        }
        if (disabled) {
            return answer(403, 1, "Token disabled");
        }
        synchronized (this) {
            if (!queued.isEmpty()) {
                return queued.poll();
            }
            if (failure != null && acceptedRequests == failAfter) {
                ResponseDefinition once = failure;
                failure = null;
                return once;
            }
        }
        String body = request.getBodyAsString();
        if (body.isBlank()) {
            return answer(400, 5, "No data");
        }
        List<JsonNode> events = new ArrayList<>();
        try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (values.hasNext()) {
                JsonNode value = values.next();
                if (!value.isObject()) {
                    return invalid(events.size());
                }
                if (!value.has("event")) {
                    return FakeSplunk.json(
                            400,
                            "{\"text\":\"Event field is required\",\"code\":12,\"invalid-event-number\":"
                                    + events.size() + "}");
                }
                String index = value.path("index").asString("main");
                if (!allowedIndexes.contains(index)) {
                    return answer(400, 7, "Incorrect index");
                }
                events.add(value);
            }
        } catch (JacksonException e) {
            return invalid(events.size());
        }
        synchronized (this) {
            indexed.addAll(events);
            acceptedRequests++;
        }
        return answer(200, 0, "Success");
    }

    private static ResponseDefinition invalid(int eventNumber) {
        return FakeSplunk.json(
                400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":" + eventNumber + "}");
    }

    static ResponseDefinition answer(int status, int code, String text) {
        return FakeSplunk.json(status, "{\"text\":\"" + text + "\",\"code\":" + code + "}");
    }
}
