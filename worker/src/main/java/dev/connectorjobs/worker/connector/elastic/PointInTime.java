package dev.connectorjobs.worker.connector.elastic;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * One search's point in time: opened with {@code POST /{index}/_pit?keep_alive=}, its id replaced by
 * the {@code pit_id} each page answers with (Elasticsearch may change it), and closed with {@code
 * DELETE /_pit {"id"}}. Closing a point in time that is already gone (expired, or closed by the other
 * of the search and its remote cancel) answers 404 and is no failure.
 *
 * <p>Thread-safe: the remote cancel closes it from another thread while the search may still hold it.
 */
final class PointInTime {

    static final String CLOSE = "DELETE /_pit";

    private static final Logger log = LoggerFactory.getLogger(PointInTime.class);

    private final VendorApi api;
    private final ObjectMapper mapper;
    private final AtomicReference<String> id;

    private PointInTime(VendorApi api, ObjectMapper mapper, String id) {
        this.api = api;
        this.mapper = mapper;
        this.id = new AtomicReference<>(id);
    }

    /**
     * Opens a point in time on {@code target} (already encoded for the path). The request is a POST
     * that only creates a view, so it carries an idempotency key and the HTTP client may send it
     * again: a second view is never used and expires after {@code keepAlive}.
     */
    static PointInTime open(VendorApi api, ObjectMapper mapper, String target, String keepAlive, JobContext job) {
        VendorResponse opened = api.send(
                VendorRequest.post("/" + target + "/_pit", null)
                        .withQuery("keep_alive", keepAlive)
                        .withIdempotencyKey("pit-" + job.jobId() + "-" + job.attempt()),
                job);
        return new PointInTime(api, mapper, opened.text("id"));
    }

    /** The id to send with the next page. */
    String id() {
        return id.get();
    }

    /** Remembers the id a page answered with. */
    void update(String latest) {
        id.set(latest);
    }

    /**
     * Closes it with {@code job}'s context; a point in time that is gone already counts as closed.
     *
     * @throws ConnectorException when Elasticsearch could not be asked
     */
    void close(JobContext job) {
        byte[] body = mapper.writeValueAsBytes(Map.of("id", id.get()));
        VendorResponse closed = api.send(
                VendorRequest.of("DELETE", "/_pit")
                        .withContent(body, "application/json")
                        .handling(404),
                job);
        log.info(
                "connector=elastic event=point_in_time_closed freed={} status={}",
                closed.at("num_freed").asLong(0),
                closed.status());
    }

    /**
     * Closes it after the search failed, best effort: a failure to close is logged, never raised over
     * the search's own failure (the point in time expires after its keep-alive anyway).
     */
    void closeQuietly(JobContext job) {
        try {
            close(job);
        } catch (RuntimeException e) {
            log.warn(
                    "connector=elastic event=point_in_time_not_closed reason=\"{}\"; it expires after its keep_alive",
                    api.mask(String.valueOf(e.getMessage())));
        }
    }
}
