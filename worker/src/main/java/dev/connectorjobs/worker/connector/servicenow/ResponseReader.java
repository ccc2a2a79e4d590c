package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.HttpResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Reads the Table API's answers, left unread by {@link
 * dev.connectorjobs.worker.connector.kit.VendorApi#exchange}: {@code {"result": [...]}} record by
 * record, so that a page never exists twice in memory (once as bytes and once as a tree), {@code
 * {"result": {...}}}, and the error body {@code {"error": {"message", "detail"}, "status":
 * "failure"}}. A body that does not have the expected shape is a permanent {@value #MALFORMED}
 * naming the field.
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

    /** The record of a {@code {"result": {...}}} answer. */
    JsonNode result(VendorResponse answer) {
        JsonNode body;
        try {
            body = mapper.readTree(answer.result().body());
        } catch (JacksonException e) {
            throw notJson(answer);
        }
        if (body == null || !body.isObject()) {
            throw malformed("the answer of " + answer.request() + " is not a JSON object");
        }
        JsonNode record = body.get("result");
        if (record == null || record.isNull()) {
            throw malformed("response field 'result' is missing (" + answer.request() + ")");
        }
        if (!record.isObject()) {
            throw malformed("response field 'result' is not an object (" + answer.request() + ")");
        }
        return record;
    }

    /** Streams the records of a {@code {"result": [...]}} answer to {@code handler}. */
    Page records(VendorResponse answer, RecordHandler handler) {
        try (JsonParser parser = mapper.createParser(answer.result().body())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("the answer of " + answer.request() + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"result".equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw malformed("response field 'result' is not an array (" + answer.request() + ")");
                }
                return read(parser, answer, handler);
            }
            throw malformed("response field 'result' is missing (" + answer.request() + ")");
        } catch (JacksonException e) {
            throw notJson(answer);
        }
    }

    private Page read(JsonParser parser, VendorResponse answer, RecordHandler handler) {
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw malformed("response field 'result[" + index + "]' is not an object (" + answer.request() + ")");
            }
            JsonNode record = recordReader.readValue(parser);
            if (!handler.accept(index, record)) {
                return new Page(index + 1, true);
            }
            index++;
        }
        return new Page(index, false);
    }

    /** {@code " (message: detail)"} from a Table API error body, or empty. */
    String serviceError(HttpResult result) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            return "";
        }
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || !error.isObject()) {
            return "";
        }
        String text = join(text(error.get("message")), text(error.get("detail")));
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    private static String text(@Nullable JsonNode node) {
        return node != null && node.isString() ? node.stringValue().trim() : "";
    }

    private static String join(String message, String detail) {
        String text = message.isEmpty() ? detail : detail.isEmpty() ? message : message + ": " + detail;
        String printable = text.replaceAll("[\\p{Cntrl}]", " ");
        return printable.length() <= MAX_QUOTE ? printable : printable.substring(0, MAX_QUOTE) + "...";
    }

    private static ConnectorException notJson(VendorResponse answer) {
        String type = answer.header("Content-Type").orElse("none");
        return malformed(answer.request() + " answered " + answer.status() + " with a body that is not valid JSON"
                + " (Content-Type " + type.replaceAll("[\\p{Cntrl}]", " ") + ")");
    }
}
