package dev.connectorjobs.api.dispatch;

import dev.connectorjobs.model.job.JobStatus;
import java.util.Map;
import java.util.UUID;

/** A row the sweep found due for publication, as it was locked. */
record DueJob(
        UUID id,
        JobStatus status,
        int attempt,
        String queue,
        String connector,
        String operation,
        Map<String, Object> params,
        int timeoutSeconds,
        String correlationId) {

    /** The attempt the publication dispatches: a retry publishes the next attempt. */
    int attemptToPublish() {
        return status == JobStatus.RETRY ? attempt + 1 : attempt;
    }
}
