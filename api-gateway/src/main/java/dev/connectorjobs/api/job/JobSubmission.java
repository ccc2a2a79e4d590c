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
 * @param priority {@link #MIN_PRIORITY} (lowest) to {@link #MAX_PRIORITY}; under a backlog higher
 *     priorities are dispatched first
 */
record JobSubmission(
        String connector,
        String operation,
        Map<String, Object> params,
        int maxRetries,
        int timeoutSeconds,
        String queue,
        @Nullable Callback callback,
        Timing timing,
        int priority) {

    /** The lowest priority. */
    static final int MIN_PRIORITY = 1;

    /** The highest priority. */
    static final int MAX_PRIORITY = 9;

    /** The priority of a submission that names none: the middle of the range. */
    static final int DEFAULT_PRIORITY = 5;

    /** A submission of the default priority that may start at once and never expires. */
    JobSubmission(
            String connector,
            String operation,
            Map<String, Object> params,
            int maxRetries,
            int timeoutSeconds,
            String queue,
            @Nullable Callback callback) {
        this(connector, operation, params, maxRetries, timeoutSeconds, queue, callback, Timing.NONE, DEFAULT_PRIORITY);
    }

    /** A submission of the default priority. */
    JobSubmission(
            String connector,
            String operation,
            Map<String, Object> params,
            int maxRetries,
            int timeoutSeconds,
            String queue,
            @Nullable Callback callback,
            Timing timing) {
        this(connector, operation, params, maxRetries, timeoutSeconds, queue, callback, timing, DEFAULT_PRIORITY);
    }

    /** A submission that may start at once and never expires. */
    JobSubmission(
            String connector,
            String operation,
            Map<String, Object> params,
            int maxRetries,
            int timeoutSeconds,
            String queue,
            @Nullable Callback callback,
            int priority) {
        this(connector, operation, params, maxRetries, timeoutSeconds, queue, callback, Timing.NONE, priority);
    }
}
