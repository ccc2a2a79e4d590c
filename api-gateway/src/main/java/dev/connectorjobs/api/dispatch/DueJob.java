package dev.connectorjobs.api.dispatch;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A row the sweep is about to publish: what its record needs, nothing the worker reads from the row.
 *
 * @param attempt the attempt the publication dispatches (a due retry's next attempt)
 * @param traceparent the trace context stored with the job at submission, if any
 */
record DueJob(
        UUID id,
        int attempt,
        String queue,
        String correlationId,
        @Nullable String traceparent) {}
