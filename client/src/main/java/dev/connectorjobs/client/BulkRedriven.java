package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a bulk re-drive ({@link ConnectorJobsClient#retryAll}).
 *
 * @param requeued how many tasks were made PENDING again
 * @param more whether the server stopped at its bound ({@code jobs.api.redrive.max-bulk}); the same
 *     call again re-drives the rest
 */
public record BulkRedriven(
        @JsonProperty("requeued") int requeued,
        @JsonProperty("more") boolean more) {}
