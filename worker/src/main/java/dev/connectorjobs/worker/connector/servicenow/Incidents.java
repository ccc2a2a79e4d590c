package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.JobContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

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

    private final ServiceNowApi api;
    private final ObjectMapper mapper;

    Incidents(ServiceNowApi api, ObjectMapper mapper) {
        this.api = api;
        this.mapper = mapper;
    }

    /** The dedupe token of {@code job}. */
    static String token(JobContext job) {
        return TOKEN_PREFIX + job.jobId();
    }

    /** Creates the job's incident unless an earlier attempt did; {@code {sys_id, number, created}}. */
    Map<String, Object> create(JobContext job) {
        Map<String, Object> fields = fields(job.params());
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
        URI uri = api.urls().table(TABLE, Map.of("sysparm_fields", "sys_id,number"));
        ServiceNowApi.Exchange created = api.post(uri, mapper.writeValueAsBytes(fields), job);
        Map<String, Object> result = result(api.reader().result(created.call(), created.result()), "result", true);
        log.info("connector=servicenow created incident {}", result.get("number"));
        return result;
    }

    private Optional<JsonNode> find(String token, JobContext job) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sysparm_query", "correlation_id=" + token);
        query.put("sysparm_fields", "sys_id,number");
        query.put("sysparm_limit", "1");
        ServiceNowApi.Exchange found = api.get(api.urls().table(TABLE, query), job);
        AtomicReference<@Nullable JsonNode> first = new AtomicReference<>();
        api.reader().records(found.call(), found.result(), (index, record) -> {
            first.set(record);
            return false;
        });
        return Optional.ofNullable(first.get());
    }

    private static Map<String, Object> fields(Map<String, Object> params) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("short_description", JobParams.required(params, "short_description"));
        for (String name : TEXT_FIELDS) {
            JobParams.string(params, name).ifPresent(value -> fields.put(name, value));
        }
        for (String name : NUMBER_FIELDS) {
            JobParams.integer(params, name).ifPresent(value -> fields.put(name, value));
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
