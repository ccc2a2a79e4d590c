package dev.connectorjobs.worker.connector.jira;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One page of {@code POST .../v1/object/aql}: {@code {"startAt", "maxResults", "total", "isLast",
 * "values": [objects], "objectTypeAttributes": [{"id", "name", ...}]}}.
 *
 * <p>{@code isLast} arrives as a boolean or as the string {@code "true"}/{@code "false"} (the API's
 * own documented example has {@code "isLast": "false"}). It decides where paging ends; {@code
 * total} is deprecated by Atlassian and only consulted when {@code isLast} is missing. An empty
 * page always ends paging, so a service that never says "last" cannot loop for ever.
 *
 * @param values the objects, in the order returned
 * @param isLast the service's word on whether this is the last page, if it gave one
 * @param total the deprecated total, if present
 * @param attributeNames object type attribute id to name, from {@code objectTypeAttributes}
 */
record AqlPage(
        List<JsonNode> values, @Nullable Boolean isLast, OptionalLong total, Map<String, String> attributeNames) {

    /**
     * Reads one page.
     *
     * @param where which page, for error messages (e.g. "the AQL page at startAt=100")
     * @throws dev.connectorjobs.worker.attempt.ConnectorException permanent {@code
     *     MalformedResponse} naming the field that is missing or wrong
     */
    static AqlPage parse(JsonNode body, String where) {
        JsonNode values = body.get("values");
        if (values == null || !values.isArray()) {
            throw JiraApi.malformed(where + " has no 'values' array");
        }
        JsonNode last = body.has("isLast") ? body.get("isLast") : body.get("last");
        return new AqlPage(
                List.copyOf(values.values()), flag(last, where), total(body.get("total")), attributeNames(body));
    }

    private static @Nullable Boolean flag(@Nullable JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()
                && (node.stringValue().equalsIgnoreCase("true")
                        || node.stringValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.stringValue());
        }
        throw JiraApi.malformed(where + " has an 'isLast' that is neither a boolean nor \"true\"/\"false\"");
    }

    private static OptionalLong total(@Nullable JsonNode node) {
        return node != null && node.isIntegralNumber() ? OptionalLong.of(node.longValue()) : OptionalLong.empty();
    }

    private static Map<String, String> attributeNames(JsonNode body) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode attribute : body.path("objectTypeAttributes").values()) {
            JsonNode id = attribute.get("id");
            JsonNode name = attribute.get("name");
            if (id != null && name != null && name.isString()) {
                names.put(id.asString(), name.stringValue());
            }
        }
        return names;
    }

    /** Whether paging ends with this page, which was asked for at {@code startAt}. */
    boolean endsPaging(long startAt) {
        if (values.isEmpty()) {
            return true;
        }
        if (isLast != null) {
            return isLast;
        }
        if (total.isPresent()) {
            return startAt + values.size() >= total.getAsLong();
        }
        return false;
    }
}
