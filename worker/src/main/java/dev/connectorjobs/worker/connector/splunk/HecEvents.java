package dev.connectorjobs.worker.connector.splunk;

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
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.util.RawValue;

/**
 * {@code send_events}: sends the job's events to the HTTP Event Collector, {@code batch-size} a
 * request: {@code POST /services/collector/event} with {@code Authorization: Splunk <hec-token>} and a
 * body of concatenated JSON objects, one per event, {@code {"event": ..., "index", "source",
 * "sourcetype", "host"}} (no separator, as HEC documents it). HEC answers {@code {"text": "Success",
 * "code": 0}}; its failures are read by {@link HecFailures}.
 *
 * <p>Safe to retry batch by batch: after each batch HEC accepted, the checkpoint {@code
 * {"events_sent": n}} is saved, and a later attempt sends only the events after it. A batch HEC
 * refused (busy, unhealthy, an error) was not indexed, so it is sent again. What remains is the one
 * batch whose answer was lost in transit (a timeout or a reset connection after HEC indexed it): a
 * later attempt sends it again, so those events may be indexed twice. HEC's indexer acknowledgement
 * would close that gap and is not used; every request carries the job's id as {@code
 * X-Splunk-Request-Channel}, so a token with acknowledgement enabled still accepts the events.
 */
final class HecEvents {

    static final String PATH = "/services/collector/event";
    static final String SENT = "events_sent";

    /** The most events one job may send. */
    static final int MAX_EVENTS = 100_000;

    private static final Logger log = LoggerFactory.getLogger(HecEvents.class);

    private final VendorApi api;
    private final ObjectMapper mapper;
    private final int batchSize;

    HecEvents(VendorApi api, ObjectMapper mapper, int batchSize) {
        this.api = api;
        this.mapper = mapper;
        this.batchSize = batchSize;
    }

    Map<String, Object> send(JobContext job) {
        Params params = Params.of(job);
        List<?> events = events(job);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String name : List.of("index", "source", "sourcetype", "host")) {
            params.optionalString(name).ifPresent(value -> metadata.put(name, value));
        }
        int from = resumeFrom(job, events.size());
        int batches = 0;
        for (int start = from; start < events.size(); start += batchSize) {
            int end = Math.min(events.size(), start + batchSize);
            VendorResponse answer = api.send(
                    VendorRequest.post(PATH, new RawValue(body(events.subList(start, end), metadata)))
                            .withHeader("X-Splunk-Request-Channel", job.jobId().toString()),
                    job);
            long code = answer.optionalLong("code").orElse(0L);
            if (code != 0) {
                throw answer.malformed("HEC answered code " + code + " ("
                        + answer.optionalText("text").orElse("") + ") with a success status");
            }
            batches++;
            job.saveCheckpoint(Map.<String, Object>of(SENT, end));
            job.progress(end, events.size(), "sent " + end + " of " + events.size() + " events to Splunk HEC");
        }
        log.info(
                "connector=splunk event=events_sent events={} batches={} resumed_from={}",
                events.size(),
                batches,
                from);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", events.size());
        result.put("sent", events.size() - from);
        result.put("batches", batches);
        result.put("resumed_from", from);
        return result;
    }

    /** The {@code events} param: a non-empty list of objects and strings, at most {@value #MAX_EVENTS}. */
    private static List<?> events(JobContext job) {
        Object value = job.params().get("events");
        if (!(value instanceof List<?> events) || events.isEmpty()) {
            throw ConnectorErrors.invalidParams(job.connector(), "events is required and must be a non-empty array");
        }
        if (events.size() > MAX_EVENTS) {
            throw ConnectorErrors.invalidParams(
                    job.connector(),
                    "events holds " + events.size() + " events; send at most " + MAX_EVENTS + " a job");
        }
        for (int i = 0; i < events.size(); i++) {
            Object event = events.get(i);
            boolean blank = event instanceof String text && text.isBlank();
            if (!(event instanceof Map<?, ?> || event instanceof String) || blank) {
                throw ConnectorErrors.invalidParams(
                        job.connector(),
                        "events[" + i + "] must be an object or a non-empty string (HEC refuses blank events)");
            }
        }
        return events;
    }

    /** Where an earlier attempt stopped: its {@code events_sent}, when it fits this job's events. */
    private static int resumeFrom(JobContext job, int events) {
        int from = job.checkpoint()
                .map(checkpoint -> checkpoint.get(SENT))
                .filter(Number.class::isInstance)
                .map(sent -> ((Number) sent).intValue())
                .filter(sent -> sent >= 0 && sent <= events)
                .orElse(0);
        if (from > 0) {
            log.info("connector=splunk event=events_resumed events_sent={}", from);
        }
        return from;
    }

    private String body(List<?> events, Map<String, String> metadata) {
        StringBuilder body = new StringBuilder();
        for (Object event : events) {
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("event", event);
            envelope.putAll(metadata);
            body.append(mapper.writeValueAsString(envelope));
        }
        return body.toString();
    }
}
