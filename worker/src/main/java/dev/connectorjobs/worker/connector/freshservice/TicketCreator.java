package dev.connectorjobs.worker.connector.freshservice;

import static dev.connectorjobs.worker.connector.freshservice.FreshserviceConnector.CONNECTOR;
import static dev.connectorjobs.worker.connector.freshservice.FreshserviceConnector.TICKETS;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code create_ticket}: {@code POST /api/v2/tickets}, tagged with the job's {@link TicketToken}.
 * Every attempt first looks the tag up ({@code GET /api/v2/tickets/filter?query="tag:'...'"}, tag
 * being a documented filter field) and returns the ticket it finds, so a retry after a lost answer
 * does not open a second ticket. The result is {@code {"id", "created"}}.
 *
 * <p>Residual risk: the filter endpoint searches an index that may lag behind a ticket created
 * moments before (Freshworks documents such a delay for its search APIs). A retry reaches the lookup
 * only after the job's retry delay, which narrows the window without closing it; and a ticket whose
 * tag an agent removed is no longer recognised.
 */
final class TicketCreator {

    static final String TICKET_FILTER = "/api/v2/tickets/filter";

    private static final Logger log = LoggerFactory.getLogger(TicketCreator.class);

    private final VendorApi api;

    TicketCreator(VendorApi api) {
        this.api = api;
    }

    Map<String, Object> create(JobContext job) {
        Params params = Params.of(job);
        String tag = TicketToken.of(job.jobId());
        Optional<Long> existing = find(tag, job);
        if (existing.isPresent()) {
            log.info("connector={} event=ticket_found ticket_id={} tag={}", CONNECTOR, existing.get(), tag);
            return result(existing.get(), false);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", params.string("email"));
        body.put("subject", params.string("subject"));
        body.put("description", params.string("description"));
        body.put("status", params.integer("status", 2));
        body.put("priority", params.integer("priority", 1));
        body.put("tags", List.of(tag));
        VendorResponse created = api.send(VendorRequest.post(TICKETS, body), job);
        long id = id(created, "/ticket/id");
        log.info("connector={} event=ticket_created ticket_id={} tag={}", CONNECTOR, id, tag);
        return result(id, true);
    }

    /** The ticket an earlier attempt of this job created, if any: the oldest one with its tag. */
    private Optional<Long> find(String tag, JobContext job) {
        VendorResponse found = api.get(TICKET_FILTER, job, "query", "\"tag:'" + tag + "'\"");
        int count = found.array("tickets").size();
        Optional<Long> oldest = Optional.empty();
        for (int i = 0; i < count; i++) {
            long id = id(found, "/tickets/" + i + "/id");
            oldest = Optional.of(oldest.map(o -> Math.min(o, id)).orElse(id));
        }
        if (count > 1) {
            log.warn("connector={} event=duplicate_tickets tag={} count={}", CONNECTOR, tag, count);
        }
        return oldest;
    }

    private static long id(VendorResponse response, String pointer) {
        return response.optionalLong(pointer)
                .orElseThrow(() -> response.malformed("'" + pointer.substring(1).replace('/', '.') + "' is missing"));
    }

    private static Map<String, Object> result(long id, boolean created) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", id);
        result.put("created", created);
        return result;
    }
}
