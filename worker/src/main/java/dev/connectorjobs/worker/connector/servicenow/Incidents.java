package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code create_incident}, safe to retry. The incident carries a token derived from the job id in
 * its {@code correlation_id} field, and every attempt first looks for an incident with that token:
 * an attempt whose create went through but whose answer was lost (timeout, reset, 5xx from a proxy)
 * is followed by one that finds the incident instead of opening a second. The create itself is
 * never retried inside the HTTP client for the same reason.
 */
final class Incidents {

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);

    static final String TABLE = "incident";

    /** Prefix of the dedupe token: {@code cj:<job id>}. */
    static final String TOKEN_PREFIX = "cj:";

    /** Shown next to the correlation id on the incident form. */
    static final String CORRELATION_DISPLAY = "connector-jobs";

    private static final List<String> TEXT_FIELDS =
            List.of("short_description", "description", "caller_id", "assignment_group", "category");
    private static final List<String> NUMBER_FIELDS = List.of("urgency", "impact");

    private final VendorApi api;
    private final ResponseReader reader;

    Incidents(VendorApi api, ResponseReader reader) {
        this.api = api;
        this.reader = reader;
    }

    /** The dedupe token of {@code job}. */
    static String token(JobContext job) {
        return TOKEN_PREFIX + job.jobId();
    }

    /** Creates the job's incident unless an earlier attempt did; {@code {sys_id, number, created}}. */
    Map<String, Object> create(JobContext job) {
        Map<String, Object> fields = fields(Params.of(job));
        String token = token(job);
        Optional<JsonNode> existing = find(token, job);
        if (existing.isPresent()) {
            Map<String, Object> result = result(existing.get(), "result[0]", false);
            log.info(
                    "connector=servicenow incident {} exists already for this job (an earlier attempt created it)",
                    result.get("number"));
            return result;
        }
        fields.put("correlation_id", token);
        fields.put("correlation_display", CORRELATION_DISPLAY);
        VendorRequest create = VendorRequest.post(ServiceNowUrls.TABLE_PATH + TABLE, fields)
                .withQuery("sysparm_fields", "sys_id,number");
        Map<String, Object> result = result(reader.result(api.exchange(create, job)), "result", true);
        log.info("connector=servicenow created incident {}", result.get("number"));
        return result;
    }

    private Optional<JsonNode> find(String token, JobContext job) {
        VendorRequest lookup = VendorRequest.get(ServiceNowUrls.TABLE_PATH + TABLE)
                .withQuery("sysparm_query", "correlation_id=" + token)
                .withQuery("sysparm_fields", "sys_id,number")
                .withQuery("sysparm_limit", "1");
        VendorResponse found = api.exchange(lookup, job);
        AtomicReference<@Nullable JsonNode> first = new AtomicReference<>();
        reader.records(found, (index, record) -> {
            first.set(record);
            return false;
        });
        return Optional.ofNullable(first.get());
    }

    /** The incident's fields from the job's params; numbers as text, as the instance stores them. */
    private static Map<String, Object> fields(Params params) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("short_description", params.string("short_description"));
        for (String name : TEXT_FIELDS) {
            params.optionalString(name).ifPresent(value -> fields.put(name, value));
        }
        for (String name : NUMBER_FIELDS) {
            params.optionalInteger(name).ifPresent(value -> fields.put(name, Long.toString(value)));
        }
        return fields;
    }

    private static Map<String, Object> result(JsonNode record, String path, boolean created) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sys_id", required(record, path, "sys_id"));
        result.put("number", required(record, path, "number"));
        result.put("created", created);
        return result;
    }

    private static String required(JsonNode record, String path, String field) {
        String value = CiNormalizer.value(record.get(field));
        if (value == null) {
            throw ResponseReader.malformed("response field '" + path + "." + field + "' is missing");
        }
        return value;
    }
}
