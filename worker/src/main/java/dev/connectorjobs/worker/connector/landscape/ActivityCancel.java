package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote cancel of a script run: the legacy {@code CancelActivities} action with the query
 * {@code parent-id:<activity> status:undelivered}, i.e. every computer's run that Landscape has not
 * handed to the computer yet. A script already delivered runs to its end (or its time limit) on the
 * computer: Landscape cannot stop it, and asking it to cancel a delivered activity fails the whole
 * request with a 400. The request goes out with the cancel's own context, not the revoked attempt's.
 */
final class ActivityCancel {

    private static final Logger log = LoggerFactory.getLogger(ActivityCancel.class);

    private ActivityCancel() {}

    /** Registers the cancel of activity {@code id} with {@code job}. */
    static void register(VendorApi api, long id, JobContext job) {
        String query = query(id);
        job.onRemoteCancel(
                "POST " + LegacyActions.PATH + " action=CancelActivities query=\"" + query + "\"", context -> {
                    api.send(LegacyActions.action("CancelActivities", "query", query), context);
                    log.info("connector=landscape event=activity_cancelled activity_id={}", id);
                });
    }

    static String query(long id) {
        return "parent-id:" + id + " status:undelivered";
    }
}
