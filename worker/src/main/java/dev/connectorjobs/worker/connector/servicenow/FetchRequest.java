package dev.connectorjobs.worker.connector.servicenow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The params of one {@code fetch_assets} job, checked, and the first page they ask for.
 *
 * @param table the CMDB table ({@code ci_class}), default {@value #DEFAULT_TABLE}
 * @param fields the fields to read, {@code sys_id} first
 * @param updatedSince only CIs updated at or after this instant, when given
 * @param limit records per page: the configured page size, or {@code max_assets} if smaller
 */
record FetchRequest(
        String table, List<String> fields, @Nullable Instant updatedSince, int limit) {

    static final String DEFAULT_TABLE = "cmdb_ci";

    /** Most fields one job may name. */
    static final int MAX_FIELDS = 200;

    FetchRequest {
        fields = List.copyOf(fields);
    }

    /**
     * Reads and checks {@code params}.
     *
     * @throws dev.connectorjobs.worker.attempt.ConnectorException permanent {@code
     *     InvalidRequest}, saying what is wrong
     */
    static FetchRequest parse(Map<String, Object> params, ServiceNowProperties properties) {
        String table =
                JobParams.table("ci_class", JobParams.string(params, "ci_class").orElse(DEFAULT_TABLE));
        List<String> fields = fields(params.get("fields"), properties.fields());
        Instant since = JobParams.string(params, "updated_since")
                .map(FetchRequest::instant)
                .orElse(null);
        int limit = properties.pageSize();
        if (params.get("max_assets") instanceof Number max && max.longValue() > 0 && max.longValue() < limit) {
            limit = max.intValue();
        }
        return new FetchRequest(table, fields, since, limit);
    }

    private static List<String> fields(@Nullable Object value, List<String> defaults) {
        List<String> fields = new ArrayList<>();
        fields.add("sys_id");
        if (value == null) {
            defaults.stream().filter(f -> !fields.contains(f)).forEach(fields::add);
            return fields;
        }
        if (!(value instanceof List<?> list)) {
            throw JobParams.invalid("fields must be an array of field names");
        }
        if (list.size() > MAX_FIELDS) {
            throw JobParams.invalid("fields may name at most " + MAX_FIELDS + " fields");
        }
        for (Object item : list) {
            if (!(item instanceof String field)
                    || !ServiceNowProperties.FIELD.matcher(field).matches()) {
                throw JobParams.invalid("fields must hold field names of lower-case letters, digits and '_'"
                        + " (dot-walking allowed); got '" + JobParams.abbreviate(String.valueOf(item)) + "'");
            }
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw JobParams.invalid("updated_since must be an ISO-8601 instant such as 2024-03-01T00:00:00Z; was '"
                    + JobParams.abbreviate(text) + "'");
        }
    }

    /**
     * The query of the first page. Ordering by {@code sys_id} keeps pages stable while records
     * change; the updated-since bound is a UTC date-time, as the instance stores it.
     */
    Map<String, String> firstPageQuery() {
        StringBuilder query = new StringBuilder("ORDERBYsys_id");
        if (updatedSince != null) {
            query.append("^sys_updated_on>=")
                    .append(CiNormalizer.GLIDE_DATE_TIME.format(updatedSince.atOffset(ZoneOffset.UTC)));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("sysparm_query", query.toString());
        parameters.put("sysparm_fields", String.join(",", fields));
        parameters.put("sysparm_exclude_reference_link", "true");
        parameters.put("sysparm_limit", Integer.toString(limit));
        parameters.put(ServiceNowUrls.OFFSET, "0");
        return parameters;
    }
}
