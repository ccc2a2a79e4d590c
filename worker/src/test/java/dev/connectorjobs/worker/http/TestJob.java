package dev.connectorjobs.worker.http;

import dev.connectorjobs.worker.connector.Cancellation;
import dev.connectorjobs.worker.connector.JobContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A job context for calling the HTTP client outside a worker. */
final class TestJob implements JobContext {

    private final UUID id = UUID.randomUUID();
    private final Cancellation cancellation = new Cancellation();

    @Override
    public UUID jobId() {
        return id;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public String connector() {
        return "test";
    }

    @Override
    public String operation() {
        return "test";
    }

    @Override
    public Map<String, Object> params() {
        return Map.of();
    }

    @Override
    public String correlationId() {
        return "corr-" + id;
    }

    @Override
    public Instant deadline() {
        return Instant.now().plusSeconds(120);
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void progress(long current, long total, String message) {}
}
