package dev.connectorjobs.api.dispatch;

import java.util.Map;
import java.util.UUID;

/**
 * A row the sweep is about to publish.
 *
 * @param attempt the attempt the publication dispatches (a due retry's next attempt)
 */
record DueJob(
        UUID id,
        int attempt,
        String queue,
        String connector,
        String operation,
        Map<String, Object> params,
        int timeoutSeconds,
        String correlationId) {}
