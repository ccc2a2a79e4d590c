package dev.connectorjobs.worker.consumer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * What a worker reads of a dispatch record: which attempt of which job to claim. Everything else a
 * producer writes (the version 1 envelope also carries connector, operation, params, queue, time
 * limit and correlation id) is skipped unread; the claim returns those from the row.
 *
 * @param version the envelope version the producer wrote
 * @param jobId the job's id, also the record key
 * @param attempt the attempt number the record dispatches (1 for the first run)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DispatchedAttempt(
        @JsonProperty("v") int version,
        @JsonProperty("job_id") UUID jobId,
        @JsonProperty("attempt") int attempt) {

    /**
     * The newest envelope version this worker reads. Version 2 drops every field but {@code v},
     * {@code job_id} and {@code attempt}; version 1 records are read the same way.
     */
    static final int NEWEST_VERSION = 2;

    DispatchedAttempt {
        Objects.requireNonNull(jobId, "jobId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
    }
}
