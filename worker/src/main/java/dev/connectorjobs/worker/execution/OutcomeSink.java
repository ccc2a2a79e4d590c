package dev.connectorjobs.worker.execution;

/** Where the end of an attempt is recorded: the {@link OutcomeRecorder} in the application. */
interface OutcomeSink {

    /**
     * Records the outcome of the attempt {@code job}, once.
     *
     * @throws RuntimeException when it could not be written
     */
    void record(ClaimedJob job, Outcome outcome);
}
