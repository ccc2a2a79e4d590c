package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a search job to finish: looks at {@code GET /services/search/jobs/{sid}?output_mode=json}
 * until {@code isDone}, reporting {@code doneProgress} as the job's progress in percent, and waiting
 * in between (a cancellable wait) {@code poll-interval}, doubling up to {@code max-poll-interval}.
 *
 * <ul>
 *   <li>{@code isFailed} or {@code dispatchState} {@code FAILED}: permanent {@code SplunkSearchFailed}
 *       with the job's messages (a search that fails fails again).
 *   <li>404: the job is gone (cancelled in Splunk, or expired after its time to live): retryable
 *       {@code SplunkSearchGone}; the next attempt finds its checkpointed sid gone and starts the
 *       search again.
 * </ul>
 */
final class SearchJobWatch {

    private static final Logger log = LoggerFactory.getLogger(SearchJobWatch.class);

    private final VendorApi api;
    private final Duration firstWait;
    private final Duration longestWait;

    SearchJobWatch(VendorApi api, Duration firstWait, Duration longestWait) {
        this.api = api;
        this.firstWait = firstWait;
        this.longestWait = longestWait;
    }

    static String jobPath(String sid) {
        return SplunkSearch.JOBS + "/" + sid;
    }

    /** The status of job {@code sid}, or empty when Splunk has no such job (404). */
    Optional<SearchJobStatus> look(String sid, JobContext job) {
        VendorResponse answer = api.send(
                VendorRequest.get(jobPath(sid)).withQuery("output_mode", "json").handling(404), job);
        return answer.status() == 404 ? Optional.empty() : Optional.of(SearchJobStatus.of(answer));
    }

    /** Waits until job {@code sid} is done; its final status. */
    SearchJobStatus await(String sid, JobContext job) {
        Duration wait = firstWait;
        String last = "";
        while (true) {
            SearchJobStatus status = look(sid, job).orElseThrow(() -> gone(sid));
            if (!status.dispatchState().equals(last)) {
                log.info("connector=splunk event=search_status sid={} state={}", sid, status.dispatchState());
                last = status.dispatchState();
            }
            job.progress(
                    status.percent(),
                    100,
                    "Splunk search " + sid + " " + status.dispatchState() + ", " + status.percent() + "% done");
            if (status.failed()) {
                throw failed(sid, status);
            }
            if (status.done()) {
                return status;
            }
            job.cancellation().sleep(wait);
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(longestWait) > 0 ? longestWait : doubled;
        }
    }

    private ConnectorException failed(String sid, SearchJobStatus status) {
        String messages = api.mask(status.messages());
        return ConnectorException.permanent(
                "SplunkSearchFailed",
                "splunk: search job " + sid + " ended " + status.dispatchState()
                        + (messages.isEmpty() ? "" : ": " + messages)
                        + "; fix the search (try it in Splunk's search app) and submit again");
    }

    static ConnectorException gone(String sid) {
        return ConnectorException.retryable(
                "SplunkSearchGone",
                "splunk: search job " + sid + " no longer exists (cancelled in Splunk, or expired); the next attempt"
                        + " starts the search again");
    }
}
