package dev.connectorjobs.model.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The value of a dispatch record on {@code jobs.<queue>}; the record key is the job id.
 *
 * <p>The envelope is versioned: consumers accept any {@code v} up to {@link #CURRENT_VERSION} and
 * ignore fields they do not know, so producers can add fields without a coordinated upgrade. The
 * database row stays the source of truth: a worker claims by {@code (job_id, attempt)} and runs with
 * the values the claim returns.
 *
 * @param version envelope schema version
 * @param jobId the job's id, also the record key
 * @param attempt the attempt number this record dispatches (1 for the first run)
 * @param queue the queue the job was routed to
 * @param connector the connector name
 * @param operation the connector operation
 * @param params the operation's parameters as submitted
 * @param timeoutSeconds hard time limit of one attempt
 * @param correlationId correlation id carried into logs and outbound requests
 * @param enqueuedAt when this attempt was published
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobEnvelope(
        @JsonProperty("v") int version,
        @JsonProperty("job_id") UUID jobId,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("queue") String queue,
        @JsonProperty("connector") String connector,
        @JsonProperty("operation") String operation,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("timeout_seconds") int timeoutSeconds,
        @JsonProperty("correlation_id") String correlationId,
        @JsonProperty("enqueued_at") Instant enqueuedAt) {

    /** The version this code writes. */
    public static final int CURRENT_VERSION = 1;

    public JobEnvelope {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        params = params == null ? Map.of() : params;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
    }
}
