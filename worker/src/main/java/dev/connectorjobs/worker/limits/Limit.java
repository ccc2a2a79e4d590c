package dev.connectorjobs.worker.limits;

import org.jspecify.annotations.Nullable;

/**
 * A limit as stored in {@code connector_limits}; either part may be absent.
 *
 * @param maxConcurrent most attempts running at once across all workers
 * @param maxStarts most attempts started within any {@code perSeconds}
 */
record Limit(
        LimitKey key,
        @Nullable Integer maxConcurrent,
        @Nullable Integer maxStarts,
        @Nullable Integer perSeconds) {}
