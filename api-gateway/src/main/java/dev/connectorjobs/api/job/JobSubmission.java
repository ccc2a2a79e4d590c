package dev.connectorjobs.api.job;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated submission, with defaults applied.
 *
 * @param connector connector name, declared in the catalogue
 * @param operation operation of that connector
 * @param params parameters matching the operation's declaration
 * @param maxRetries retries allowed after the first attempt
 * @param timeoutSeconds hard time limit of one attempt
 * @param queue the queue that will run it
 * @param callback where the status document is POSTed when the job ends, if anywhere
 * @param timing when the job may start and until when ({@link Timing#NONE}: at once, forever)
 */
record JobSubmission(
        String connector,
        String operation,
        Map<String, Object> params,
        int maxRetries,
        int timeoutSeconds,
        String queue,
        @Nullable Callback callback,
        Timing timing) {

    /** A submission that may start at once and never expires. */
    JobSubmission(
            String connector,
            String operation,
            Map<String, Object> params,
            int maxRetries,
            int timeoutSeconds,
            String queue,
            @Nullable Callback callback) {
        this(connector, operation, params, maxRetries, timeoutSeconds, queue, callback, Timing.NONE);
    }
}
