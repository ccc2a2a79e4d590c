package dev.connectorjobs.api.job;

import dev.connectorjobs.model.dispatch.Topics;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Submission defaults and bounds, and queue routing ({@code jobs.api.*}).
 *
 * @param defaultQueue queue for jobs whose request and route name none; default {@code default}
 * @param queues queues that workers consume; a submission to another queue is rejected, because
 *     nothing would ever run it; default {@code [default]}
 * @param routes connector name to queue, for connectors that run on their own workers
 * @param defaultMaxRetries retries when the request names none; default 3
 * @param maxRetriesLimit largest {@code max_retries} a request may ask for; default 10
 * @param defaultTimeoutSeconds hard time limit in seconds when the request names none; default 120
 * @param maxTimeoutSeconds largest {@code timeout_seconds} a request may ask for; default 3600
 * @param maxBatchSize most jobs one batch submission may carry; default 1000
 * @param timeouts per-connector time limits in seconds when the request names none: {@code
 *     jobs.api.timeouts.<connector>.<operation>} for one operation, {@code
 *     jobs.api.timeouts.<connector>.default} for the rest of the connector's operations
 */
@ConfigurationProperties("jobs.api")
public record SubmissionProperties(
        @DefaultValue(Topics.DEFAULT_QUEUE) String defaultQueue,
        @DefaultValue(Topics.DEFAULT_QUEUE) List<String> queues,
        Map<String, String> routes,
        @DefaultValue("3") int defaultMaxRetries,
        @DefaultValue("10") int maxRetriesLimit,
        @DefaultValue("120") int defaultTimeoutSeconds,
        @DefaultValue("3600") int maxTimeoutSeconds,
        @DefaultValue("1000") int maxBatchSize,
        Map<String, Map<String, Integer>> timeouts) {

    public SubmissionProperties {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        timeouts = timeouts == null ? Map.of() : Map.copyOf(timeouts);
        for (Map.Entry<String, Map<String, Integer>> connector : timeouts.entrySet()) {
            for (Map.Entry<String, Integer> op : connector.getValue().entrySet()) {
                if (op.getValue() < 1 || op.getValue() > maxTimeoutSeconds) {
                    throw new IllegalArgumentException("jobs.api.timeouts." + connector.getKey() + "." + op.getKey()
                            + " must be between 1 and jobs.api.max-timeout-seconds (" + maxTimeoutSeconds + ")");
                }
            }
        }
        queues = List.copyOf(queues);
        if (!queues.contains(defaultQueue)) {
            throw new IllegalArgumentException("jobs.api.default-queue '" + defaultQueue
                    + "' is not one of jobs.api.queues " + queues + "; add it there");
        }
        for (Map.Entry<String, String> route : routes.entrySet()) {
            if (!queues.contains(route.getValue())) {
                throw new IllegalArgumentException("jobs.api.routes." + route.getKey() + " names queue '"
                        + route.getValue() + "', which is not one of jobs.api.queues " + queues + "; add it there");
            }
        }
        if (defaultMaxRetries < 0 || defaultMaxRetries > maxRetriesLimit) {
            throw new IllegalArgumentException("jobs.api.default-max-retries must be between 0 and"
                    + " jobs.api.max-retries-limit (" + maxRetriesLimit + ")");
        }
        if (defaultTimeoutSeconds < 1 || defaultTimeoutSeconds > maxTimeoutSeconds) {
            throw new IllegalArgumentException("jobs.api.default-timeout-seconds must be between 1 and"
                    + " jobs.api.max-timeout-seconds (" + maxTimeoutSeconds + ")");
        }
    }

    /** The time limit of a job of {@code connector.operation} when the request names none. */
    public int timeoutFor(String connector, String operation) {
        Map<String, Integer> perConnector = timeouts.getOrDefault(connector, Map.of());
        return perConnector.getOrDefault(operation, perConnector.getOrDefault("default", defaultTimeoutSeconds));
    }

    /** The queue a job of {@code connector} goes to when the request names none. */
    public String queueFor(String connector) {
        return routes.getOrDefault(connector, defaultQueue);
    }
}
