package dev.connectorjobs.model.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * The value of a dispatch record on {@code jobs.<queue>}: which attempt of which job to claim. The
 * record key is the job id; the correlation id and the envelope version travel as headers too
 * ({@link Headers}).
 *
 * <p>The database row is the source of truth: a worker claims by {@code (job_id, attempt)} and runs
 * with the values the claim returns, so the record carries nothing else. Version 1 also carried the
 * queue, connector, operation, params, time limit, correlation id and publication time; no worker
 * read them, and a version 1 worker cannot read a record without them. Version 2 workers read both.
 *
 * <p>Consumers accept any {@code v} up to {@link #CURRENT_VERSION} and ignore fields they do not
 * know, so producers can add fields without a coordinated upgrade. Removing or renaming a field is
 * a new version, and workers that read it must be deployed before the api-gateway that writes it.
 *
 * @param version envelope schema version
 * @param jobId the job's id, also the record key
 * @param attempt the attempt number this record dispatches (1 for the first run)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobEnvelope(
        @JsonProperty("v") int version,
        @JsonProperty("job_id") UUID jobId,
        @JsonProperty("attempt") int attempt) {

    /** The version this code writes, and the newest it reads. */
    public static final int CURRENT_VERSION = 2;

    public JobEnvelope {
        Objects.requireNonNull(jobId, "jobId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
    }

    /** The envelope of the {@link #CURRENT_VERSION} that dispatches {@code attempt} of the job. */
    public static JobEnvelope of(UUID jobId, int attempt) {
        return new JobEnvelope(CURRENT_VERSION, jobId, attempt);
    }
}
