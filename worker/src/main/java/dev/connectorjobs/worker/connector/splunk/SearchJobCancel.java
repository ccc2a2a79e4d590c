package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote cancel of a search: {@code POST /services/search/jobs/{sid}/control} with {@code
 * action=cancel}, which stops the search and deletes the job and its results. It is sent with the
 * cancel's own context, not the revoked attempt's. A 404 (the job was never created, has expired, or
 * was cancelled already) fails the cancel with {@code SplunkSearchNotFound}, which the attempt
 * history records: there was nothing left to cancel.
 */
final class SearchJobCancel {

    private static final Logger log = LoggerFactory.getLogger(SearchJobCancel.class);

    private SearchJobCancel() {}

    /** Registers the cancel of job {@code sid} with {@code job}, replacing an earlier registration. */
    static void register(VendorApi api, String sid, JobContext job) {
        String path = controlPath(sid);
        job.onRemoteCancel("POST " + path + " action=cancel", context -> cancel(api, sid, context));
    }

    static String controlPath(String sid) {
        return SearchJobWatch.jobPath(sid) + "/control";
    }

    private static void cancel(VendorApi api, String sid, JobContext context) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "cancel");
        form.put("output_mode", "json");
        VendorResponse answer = api.send(
                VendorRequest.post(controlPath(sid), null).withForm(form).handling(404), context);
        if (answer.status() == 404) {
            throw ConnectorException.permanent(
                    "SplunkSearchNotFound",
                    "splunk: nothing to cancel: Splunk has no search job " + sid + " (it was never created, has"
                            + " expired, or was cancelled already)",
                    404);
        }
        log.info("connector=splunk event=search_cancelled sid={}", sid);
    }
}
