package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Finds the AWX job an earlier attempt launched but could not record: the jobs of the template
 * created since shortly before the launch was asked for ({@code GET
 * /api/v2/job_templates/{id}/jobs/?order_by=-id&created__gte=...}, {@code next} followed), matched on
 * the marker the launch sent in {@code extra_vars} as {@value #EXTRA_VAR}. AWX returns {@code
 * extra_vars} as a string of JSON (or YAML); it cannot be filtered on server-side, so each job's is
 * read here.
 */
final class LaunchMarkers {

    /** The extra variable that carries the marker. */
    static final String EXTRA_VAR = "connector_jobs_launch_id";

    /** How far before the recorded launch time to look: the worker's and AWX's clocks may differ. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(LaunchMarkers.class);

    private final VendorApi api;
    private final ObjectMapper mapper;
    private final AnsibleProperties properties;

    LaunchMarkers(VendorApi api, ObjectMapper mapper, AnsibleProperties properties) {
        this.api = api;
        this.mapper = mapper;
        this.properties = properties;
    }

    /** The id of the job of template {@code templateId} launched with {@code marker}, if AWX has one. */
    Optional<Long> find(long templateId, String marker, Instant requestedAt, JobContext job) {
        Optional<VendorRequest> next = Optional.of(VendorRequest.get("/api/v2/job_templates/" + templateId + "/jobs/")
                .withQuery("order_by", "-id")
                .withQuery("created__gte", requestedAt.minus(CLOCK_SKEW).toString())
                .withQuery("page_size", Integer.toString(properties.pageSize())));
        for (int pages = 0; next.isPresent() && pages < properties.pageCap(); pages++) {
            VendorResponse page = api.send(next.get(), job);
            JsonNode results = page.array("results");
            for (JsonNode candidate : results) {
                if (carries(candidate.path("extra_vars"), marker)
                        && candidate.path("id").isIntegralNumber()) {
                    long id = candidate.path("id").asLong();
                    log.info("connector=ansible event=launch_found awx_job_id={} marker={}", id, marker);
                    return Optional.of(id);
                }
            }
            next = page.optionalText("next").map(VendorRequest::follow);
        }
        return Optional.empty();
    }

    private boolean carries(JsonNode extraVars, String marker) {
        JsonNode vars = extraVars;
        if (extraVars.isString()) {
            String text = extraVars.stringValue();
            if (!text.contains(marker)) {
                return false;
            }
            try {
                vars = mapper.readTree(text);
            } catch (JacksonException e) {
                // YAML: the marker is a UUID, so a line "connector_jobs_launch_id: <uuid>" is unambiguous
                return text.lines()
                        .anyMatch(line -> line.replaceAll("[\"'\\s]", "").equals(EXTRA_VAR + ":" + marker));
            }
        }
        JsonNode value = vars.path(EXTRA_VAR);
        return value.isString() && value.stringValue().equals(marker);
    }
}
