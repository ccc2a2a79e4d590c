package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.attempt.Cancellation;
import dev.connectorjobs.worker.attempt.JobContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The context a {@link dev.connectorjobs.worker.attempt.RemoteCancel} runs in: the job of a cancelled
 * attempt, with a cancellation of its own (the attempt's is cancelled already, which would stop the
 * cancel request before it is sent) and a short deadline.
 */
final class RemoteCancelContext implements JobContext {

    private final JobContext attempt;
    private final Instant deadline;
    private final Cancellation cancellation = new Cancellation();

    RemoteCancelContext(JobContext attempt, Instant deadline) {
        this.attempt = attempt;
        this.deadline = deadline;
    }

    @Override
    public UUID jobId() {
        return attempt.jobId();
    }

    @Override
    public int attempt() {
        return attempt.attempt();
    }

    @Override
    public String connector() {
        return attempt.connector();
    }

    @Override
    public String operation() {
        return attempt.operation();
    }

    @Override
    public Map<String, Object> params() {
        return attempt.params();
    }

    @Override
    public String correlationId() {
        return attempt.correlationId();
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    /** A cancel reports no progress. */
    @Override
    public void progress(long current, long total, String message) {}

    @Override
    public Optional<Map<String, Object>> checkpoint() {
        return attempt.checkpoint();
    }
}
