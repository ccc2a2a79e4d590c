package dev.connectorjobs.api.breaker;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One worker's view of one breaker, as the worker wrote it to {@code breaker_snapshots}.
 *
 * @param workerId the worker
 * @param name the breaker
 * @param state resilience4j state name (CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED)
 * @param failureCount failed calls in the breaker's current window
 * @param failMax failures that open it
 * @param resetTimeoutMs how long it stays open, in milliseconds
 * @param openedAt when it last opened, while not closed
 * @param lastTransitionAt when its state last changed
 * @param lastError the last failure it recorded
 * @param updatedAt when the worker wrote the row
 */
record SnapshotRow(
        String workerId,
        String name,
        String state,
        int failureCount,
        int failMax,
        long resetTimeoutMs,
        @Nullable Instant openedAt,
        @Nullable Instant lastTransitionAt,
        @Nullable String lastError,
        Instant updatedAt) {}
