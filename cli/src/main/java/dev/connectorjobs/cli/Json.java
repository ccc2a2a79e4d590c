package dev.connectorjobs.cli;

import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The tool's JSON: pretty-printed documents for {@code --json}, compact values inside tables. */
final class Json {

    static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private Json() {}

    static void print(PrintWriter out, Object value) {
        out.println(MAPPER.writeValueAsString(value));
        out.flush();
    }

    static String compact(@Nullable JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? "" : COMPACT.writeValueAsString(value);
    }

    static JsonNode parse(String text, String what) {
        try {
            return COMPACT.readTree(text);
        } catch (tools.jackson.core.JacksonException e) {
            throw new UsageException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
