package dev.connectorjobs.worker.attempt;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What a running job knows about itself, and what it can tell the system. */
public interface JobContext {

    UUID jobId();

    /** The attempt number, 1 for the first run. */
    int attempt();

    String connector();

    String operation();

    /** The validated params, as submitted. */
    Map<String, Object> params();

    String correlationId();

    /** When the hard time limit of this attempt ends. */
    Instant deadline();

    /** Cancellation of this attempt. */
    Cancellation cancellation();

    /**
     * Reports progress; shown in status and in the active list. Writes are throttled, so calling
     * this often is cheap.
     */
    void progress(long current, long total, String message);
}
