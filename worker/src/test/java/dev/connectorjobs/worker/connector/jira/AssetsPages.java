package dev.connectorjobs.worker.connector.jira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers of the Assets AQL endpoint in the shape the Assets REST API documents for {@code POST
 * /object/aql}: objects whose {@code attributes} carry only an {@code objectTypeAttributeId}, the
 * attribute names in a page-level {@code objectTypeAttributes} list, ISO timestamps, and the
 * deprecated {@code total} next to {@code isLast}.
 */
final class AssetsPages {

    static final String WORKSPACE = "f1668d0c-828c-470c-b7d1-8c4f48cd345a";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** id and name of the Computer object type's attributes, as an Assets schema defines them. */
    private static final List<List<String>> ATTRIBUTES = List.of(
            List.of("134", "Key"),
            List.of("135", "Name"),
            List.of("136", "Created"),
            List.of("137", "Updated"),
            List.of("140", "Serial Number"),
            List.of("141", "Operating System"),
            List.of("142", "OS Version"),
            List.of("143", "IP Address"),
            List.of("144", "Location"),
            List.of("145", "Status"));

    private AssetsPages() {}

    /**
     * One page holding the computers with ids {@code from} to {@code to} (inclusive).
     *
     * @param isLast {@code Boolean}, a string such as {@code "true"}, or null to leave it out
     * @param total the deprecated total, or null to leave it out
     */
    static String page(
            int startAt, int maxResults, @Nullable Integer total, @Nullable Object isLast, int from, int to) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("startAt", startAt);
        page.put("maxResults", maxResults);
        if (total != null) {
            page.put("total", total);
        }
        if (isLast != null) {
            page.put("isLast", isLast);
        }
        page.put(
                "values",
                IntStream.rangeClosed(from, to).mapToObj(AssetsPages::computer).toList());
        page.put(
                "objectTypeAttributes",
                ATTRIBUTES.stream().map(a -> typeAttribute(a.get(0), a.get(1))).toList());
        return JSON.writeValueAsString(page);
    }

    /** An empty last page. */
    static String empty(int startAt, int maxResults) {
        return page(startAt, maxResults, null, true, 1, 0);
    }

    /** The serial number the stub gives computer {@code id}. */
    static String serial(int id) {
        return "SN-" + (100_000 + id);
    }

    static Map<String, Object> computer(int id) {
        String objectId = Integer.toString(id);
        String label = "host-" + id;
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("workspaceId", WORKSPACE);
        object.put("globalId", WORKSPACE + ":" + objectId);
        object.put("id", objectId);
        object.put("label", label);
        object.put("objectKey", "ITAM-" + id);
        object.put("avatar", Map.of("workspaceId", WORKSPACE, "objectId", objectId));
        object.put(
                "objectType",
                Map.of("workspaceId", WORKSPACE, "globalId", WORKSPACE + ":23", "id", "23", "name", "Computer"));
        object.put("created", "2024-01-02T03:04:05.678Z");
        object.put("updated", "2024-05-06T07:08:09.123Z");
        object.put("hasAvatar", false);
        object.put("timestamp", 1_714_979_289_123L);
        List<Object> attributes = new ArrayList<>();
        attributes.add(attribute(id, "134", List.of(text("ITAM-" + id))));
        attributes.add(attribute(id, "135", List.of(text(label))));
        attributes.add(attribute(id, "136", List.of(date("2024-01-02T03:04:05.678Z", "02/Jan/24 3:04 AM"))));
        attributes.add(attribute(id, "137", List.of(date("2024-05-06T07:08:09.123Z", "06/May/24 7:08 AM"))));
        attributes.add(attribute(id, "140", List.of(text(serial(id)))));
        attributes.add(attribute(id, "141", List.of(text("Ubuntu"))));
        attributes.add(attribute(id, "142", List.of(text("22.04"))));
        attributes.add(attribute(id, "143", List.of(text("10.0.0." + (id % 250)), text("fd00::" + id))));
        attributes.add(attribute(
                id,
                "144",
                List.of(Map.of(
                        "referencedObject",
                        Map.of("id", "87", "label", "Sydney", "objectKey", "ITAM-87"),
                        "displayValue",
                        "Sydney",
                        "searchValue",
                        "ITAM-87",
                        "referencedType",
                        true))));
        attributes.add(attribute(
                id,
                "145",
                List.of(Map.of(
                        "status",
                        Map.of("id", "1", "name", "In Use", "category", 1),
                        "displayValue",
                        "In Use",
                        "searchValue",
                        "1",
                        "referencedType",
                        false))));
        object.put("attributes", attributes);
        object.put(
                "_links",
                Map.of(
                        "self",
                        "https://api.atlassian.com/jsm/assets/workspace/" + WORKSPACE + "/v1/object/" + objectId));
        object.put("name", label);
        return object;
    }

    private static Map<String, Object> attribute(
            int objectId, String typeAttributeId, List<Map<String, Object>> values) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("workspaceId", WORKSPACE);
        attribute.put("globalId", WORKSPACE + ":" + (objectId * 100 + Integer.parseInt(typeAttributeId)));
        attribute.put("id", Integer.toString(objectId * 100 + Integer.parseInt(typeAttributeId)));
        attribute.put("objectTypeAttributeId", typeAttributeId);
        attribute.put("objectAttributeValues", values);
        attribute.put("objectId", Integer.toString(objectId));
        return attribute;
    }

    private static Map<String, Object> text(String value) {
        return Map.of("value", value, "displayValue", value, "searchValue", value, "referencedType", false);
    }

    private static Map<String, Object> date(String iso, String display) {
        return Map.of("value", iso, "displayValue", display, "searchValue", iso, "referencedType", false);
    }

    private static Map<String, Object> typeAttribute(String id, String name) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("workspaceId", WORKSPACE);
        attribute.put("globalId", WORKSPACE + ":" + id);
        attribute.put("id", id);
        attribute.put("objectType", Map.of("workspaceId", WORKSPACE, "id", "23", "name", "Computer"));
        attribute.put("name", name);
        attribute.put("label", name.equals("Name"));
        attribute.put("defaultType", Map.of("id", 0, "name", "Text"));
        attribute.put("editable", true);
        attribute.put("system", false);
        attribute.put("indexed", true);
        attribute.put("minimumCardinality", 0);
        attribute.put("maximumCardinality", name.equals("IP Address") ? -1 : 1);
        attribute.put("position", Integer.parseInt(id) - 134);
        return attribute;
    }
}
