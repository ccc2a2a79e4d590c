package dev.connectorjobs.worker.breaker;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One breaker's state as this worker persists it (table {@code breaker_snapshots}).
 *
 * @param name breaker name
 * @param state resilience4j state name
 * @param failureCount failed calls in the current window
 * @param bufferedCalls calls in the current window
 * @param notPermittedCalls calls rejected since the last transition
 * @param failMax failures that open the breaker
 * @param resetTimeoutMs how long it stays open, in milliseconds
 * @param openedAt when it last opened, while open or half-open
 * @param lastTransitionAt when its state last changed on this worker
 * @param lastError the last recorded failure
 */
record BreakerSnapshot(
        String name,
        String state,
        int failureCount,
        int bufferedCalls,
        long notPermittedCalls,
        int failMax,
        long resetTimeoutMs,
        @Nullable Instant openedAt,
        @Nullable Instant lastTransitionAt,
        @Nullable String lastError) {}
