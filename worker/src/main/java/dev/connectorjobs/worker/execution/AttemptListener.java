package dev.connectorjobs.worker.execution;

/**
 * Told about every attempt this worker starts, on the thread that starts it. Beans of this type are
 * picked up automatically; keep implementations fast and non-blocking.
 */
public interface AttemptListener {

    /** Called just before the attempt's thread starts. */
    void attemptStarted(ClaimedJob job);

    /**
     * Called on the attempt's own thread once it has ended and its slot on this worker is free: after
     * its outcome was recorded (or could not be). Not called for a thread that never returns.
     */
    default void attemptEnded(ClaimedJob job) {}
}
