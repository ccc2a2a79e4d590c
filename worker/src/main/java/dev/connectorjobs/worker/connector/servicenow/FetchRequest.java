package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
    static FetchRequest parse(JobContext job, ServiceNowProperties properties) {
        Params params = Params.of(job);
        String table = ServiceNowUrls.table(
                "ci_class", params.optionalString("ci_class").orElse(DEFAULT_TABLE));
        List<String> fields = fields(job.params().get("fields"), properties.fields());
        Instant since = params.optionalString("updated_since")
                .map(FetchRequest::instant)
                .orElse(null);
        int limit = properties.pageSize();
        long max = params.integer("max_assets", 0);
        if (max > 0 && max < limit) {
            limit = (int) max;
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
            throw ServiceNowUrls.invalid("fields must be an array of field names");
        }
        if (list.size() > MAX_FIELDS) {
            throw ServiceNowUrls.invalid("fields may name at most " + MAX_FIELDS + " fields");
        }
        for (Object item : list) {
            if (!(item instanceof String field)
                    || !ServiceNowProperties.FIELD.matcher(field).matches()) {
                throw ServiceNowUrls.invalid("fields must hold field names of lower-case letters, digits and '_'"
                        + " (dot-walking allowed); got '" + ServiceNowUrls.abbreviate(String.valueOf(item)) + "'");
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
            throw ServiceNowUrls.invalid("updated_since must be an ISO-8601 instant such as 2024-03-01T00:00:00Z; was '"
                    + ServiceNowUrls.abbreviate(text) + "'");
        }
    }

    /**
     * The request for the first page. Ordering by {@code sys_id} keeps pages stable while records
     * change; the updated-since bound is a UTC date-time, as the instance stores it.
     */
    VendorRequest firstPage() {
        StringBuilder query = new StringBuilder("ORDERBYsys_id");
        if (updatedSince != null) {
            query.append("^sys_updated_on>=")
                    .append(CiNormalizer.GLIDE_DATE_TIME.format(updatedSince.atOffset(ZoneOffset.UTC)));
        }
        return VendorRequest.get(ServiceNowUrls.TABLE_PATH + table)
                .withQuery("sysparm_query", query.toString())
                .withQuery("sysparm_fields", String.join(",", fields))
                .withQuery("sysparm_exclude_reference_link", "true")
                .withQuery("sysparm_limit", Integer.toString(limit))
                .withQuery(ServiceNowUrls.OFFSET, "0");
    }
}
