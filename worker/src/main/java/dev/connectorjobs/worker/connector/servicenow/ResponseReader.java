package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Reads the instance's JSON: {@code {"result": {...}}} and {@code {"result": [...]}} answers (lists
 * record by record, so that a page never exists twice in memory, once as bytes and once as a
 * tree), and the error bodies {@code {"error": {"message", "detail"}, "status": "failure"}} and
 * {@code {"error", "error_description"}} of the token endpoint. A body that does not have the
 * expected shape is a permanent {@value #MALFORMED} naming the field.
 */
final class ResponseReader {

    static final String MALFORMED = "MalformedResponse";

    /** Longest service error text quoted in a job's error message. */
    private static final int MAX_QUOTE = 300;

    private final ObjectMapper mapper;
    private final ObjectReader recordReader;

    ResponseReader(ObjectMapper mapper) {
        this.mapper = mapper;
        // Records are read one by one out of the list, so more tokens always follow each of them.
        this.recordReader = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Receives the records of a list, one at a time. */
    @FunctionalInterface
    interface RecordHandler {

        /**
         * @param index the record's position in the page, from 0
         * @return false to stop reading
         */
        boolean accept(int index, JsonNode record);
    }

    /**
     * What reading a list found.
     *
     * @param records how many records were handed over
     * @param stopped whether the handler stopped the reading
     */
    record Page(int records, boolean stopped) {}

    /** A permanent failure: the answer does not have the shape the Table API documents. */
    static ConnectorException malformed(String detail) {
        return ConnectorException.permanent(MALFORMED, ServiceNowConnector.NAME + ": " + detail);
    }

    /** The whole body, which must be a JSON object; {@code what} names it in errors. */
    JsonNode object(HttpCall call, HttpResult result, String what) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            throw notJson(call, result);
        }
        if (body == null || !body.isObject()) {
            throw malformed(what + " of " + call.describe() + " is not a JSON object");
        }
        return body;
    }

    /** The record of a {@code {"result": {...}}} answer. */
    JsonNode result(HttpCall call, HttpResult result) {
        JsonNode record = object(call, result, "the answer").get("result");
        if (record == null || record.isNull()) {
            throw malformed("response field 'result' is missing (" + call.describe() + ")");
        }
        if (!record.isObject()) {
            throw malformed("response field 'result' is not an object (" + call.describe() + ")");
        }
        return record;
    }

    /** Streams the records of a {@code {"result": [...]}} answer to {@code handler}. */
    Page records(HttpCall call, HttpResult result, RecordHandler handler) {
        try (JsonParser parser = mapper.createParser(result.body())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("the answer of " + call.describe() + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"result".equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw malformed("response field 'result' is not an array (" + call.describe() + ")");
                }
                return read(parser, call, handler);
            }
            throw malformed("response field 'result' is missing (" + call.describe() + ")");
        } catch (JacksonException e) {
            throw notJson(call, result);
        }
    }

    private Page read(JsonParser parser, HttpCall call, RecordHandler handler) {
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw malformed("response field 'result[" + index + "]' is not an object (" + call.describe() + ")");
            }
            JsonNode record = recordReader.readValue(parser);
            if (!handler.accept(index, record)) {
                return new Page(index + 1, true);
            }
            index++;
        }
        return new Page(index, false);
    }

    /**
     * The exception that reports a non-2xx answer: the HTTP client's classification (429 and 5xx
     * retryable, other 4xx permanent), with the instance's own error text, and 401 as a permanent
     * {@code AuthenticationFailed} that says where the credentials are configured.
     */
    ConnectorException failure(ServiceHttpClient http, HttpCall call, HttpResult result) {
        ConnectorException classified = http.failure(call, result);
        String message = classified.getMessage() + serviceError(result);
        Integer status = result.status();
        if (status == 401) {
            return ConnectorException.permanent(
                    "AuthenticationFailed",
                    message + "; check the credentials in " + ServiceNowProperties.PREFIX + ".auth.*",
                    status);
        }
        return classified.isRetryable()
                ? ConnectorException.retryable(
                        classified.errorType(), message, classified.retryAfter().orElse(null), status)
                : ConnectorException.permanent(classified.errorType(), message, status);
    }

    /** {@code " (message: detail)"} from a Table API error body, or empty. */
    String serviceError(HttpResult result) {
        JsonNode error = tryRead(result).get("error");
        if (error == null || !error.isObject()) {
            return "";
        }
        String text = join(text(error.get("message")), text(error.get("detail")));
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    /** {@code ": error: description"} from a token endpoint error body, or empty. */
    String oauthError(HttpResult result) {
        JsonNode body = tryRead(result);
        String text = join(text(body.get("error")), text(body.get("error_description")));
        return text.isEmpty() ? "" : " " + text;
    }

    private JsonNode tryRead(HttpResult result) {
        try {
            JsonNode body = mapper.readTree(result.body());
            return body != null && body.isObject() ? body : mapper.createObjectNode();
        } catch (JacksonException e) {
            return mapper.createObjectNode();
        }
    }

    private static String text(@Nullable JsonNode node) {
        return node != null && node.isString() ? node.stringValue().trim() : "";
    }

    private static String join(String message, String detail) {
        String text = message.isEmpty() ? detail : detail.isEmpty() ? message : message + ": " + detail;
        String printable = text.replaceAll("[\\p{Cntrl}]", " ");
        return printable.length() <= MAX_QUOTE ? printable : printable.substring(0, MAX_QUOTE) + "...";
    }

    private static ConnectorException notJson(HttpCall call, HttpResult result) {
        String type = result.header("Content-Type").orElse("none");
        return malformed(call.describe() + " answered " + result.status() + " with a body that is not valid JSON"
                + " (Content-Type " + type.replaceAll("[\\p{Cntrl}]", " ") + ")");
    }
}
