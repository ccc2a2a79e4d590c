package dev.connectorjobs.worker.execution;

import java.util.Map;

/**
 * Stores what a running attempt reports of its progress: the {@link OutcomeRecorder} in the
 * application. Best effort: a failed write is dropped, the next report replaces it anyway.
 */
interface ProgressWriter {

    /** Stores {@code progress} (current, total, message, updated_at) unless the attempt is superseded. */
    void write(ClaimedJob job, Map<String, Object> progress);
}
