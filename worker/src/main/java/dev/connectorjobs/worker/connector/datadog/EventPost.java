package dev.connectorjobs.worker.connector.datadog;

import dev.connectorjobs.model.catalog.ParameterDescriptor;
import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code post_event}: {@code POST /api/v1/events} with {@code {title, text, tags, alert_type, priority,
 * host, aggregation_key, source_type_name}} answers 202 {@code {"status": "ok", "event": {"id",
 * "id_str", "url", ...}}}. Needs only the API key.
 *
 * <p>At least once: Datadog takes no idempotency key, and events cannot be looked up by anything the
 * connector could send. A 429 means Datadog took nothing, so the request is repeated after the
 * limit resets (see {@link DatadogFailures}); a 5xx or a connection lost after sending fails the
 * attempt, and the retry posts the event again, so it may appear twice. Both carry the same {@code
 * aggregation_key} (the job's id unless the job gives one), so Datadog groups them in the event
 * stream.
 */
final class EventPost {

    static final String PATH = "/api/v1/events";
    static final int MAX_TITLE = 100;
    static final int MAX_TEXT = 4000;
    static final int MAX_AGGREGATION_KEY = 100;

    private static final Logger log = LoggerFactory.getLogger(EventPost.class);

    private EventPost() {}

    static Map<String, Object> post(VendorApi api, JobContext job) {
        Params params = Params.of(job);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("title", bounded(job, "title", params.string("title"), MAX_TITLE));
        event.put("text", bounded(job, "text", params.string("text"), MAX_TEXT));
        List<String> tags = params.strings("tags");
        if (!tags.isEmpty()) {
            event.put("tags", tags);
        }
        params.oneOf("alert_type", allowed("alert_type")).ifPresent(type -> event.put("alert_type", type));
        params.oneOf("priority", allowed("priority")).ifPresent(priority -> event.put("priority", priority));
        params.optionalString("host").ifPresent(host -> event.put("host", host));
        event.put(
                "aggregation_key",
                bounded(
                        job,
                        "aggregation_key",
                        params.optionalString("aggregation_key")
                                .orElse(job.jobId().toString()),
                        MAX_AGGREGATION_KEY));
        params.optionalString("source_type_name").ifPresent(type -> event.put("source_type_name", type));
        VendorResponse answer = api.send(VendorRequest.post(PATH, event), job);
        String id = answer.optionalText("/event/id_str")
                .or(() -> answer.optionalLong("/event/id").map(String::valueOf))
                .orElseThrow(() -> answer.malformed("'event.id' is missing"));
        log.info("connector=datadog event=event_posted event_id={}", id);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("event_id", id);
        answer.optionalText("/event/url").ifPresent(url -> result.put("url", url));
        result.put("status", answer.optionalText("status").orElse("ok"));
        return result;
    }

    /** The values the catalogue allows for {@code param}. */
    private static List<String> allowed(String param) {
        return SiemConnectors.DATADOG
                .operation("post_event")
                .flatMap(operation -> operation.parameter(param))
                .map(ParameterDescriptor::allowed)
                .orElseThrow();
    }

    private static String bounded(JobContext job, String name, String value, int max) {
        if (value.length() > max) {
            throw ConnectorErrors.invalidParams(
                    job.connector(), name + " has " + value.length() + " characters; Datadog takes at most " + max);
        }
        return value;
    }
}
