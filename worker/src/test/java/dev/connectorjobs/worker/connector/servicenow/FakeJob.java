package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.connector.Cancellation;
import dev.connectorjobs.worker.connector.JobContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/** Test-data builder and double of a running {@code servicenow} job: {@code aJob("fetch_assets").param(...)}. */
final class FakeJob implements JobContext {

    private final UUID id;
    private final int attempt;
    private final String operation;
    private final Map<String, Object> params;
    private final Cancellation cancellation = new Cancellation();
    private LongConsumer onProgress = current -> {};

    private FakeJob(UUID id, int attempt, String operation, Map<String, Object> params) {
        this.id = id;
        this.attempt = attempt;
        this.operation = operation;
        this.params = params;
    }

    /** The first attempt of a new job running {@code operation} without params. */
    static FakeJob aJob(String operation) {
        return new FakeJob(UUID.randomUUID(), 1, operation, new LinkedHashMap<>());
    }

    FakeJob param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** The next attempt of the same job: same id and params, a fresh cancellation. */
    FakeJob nextAttempt() {
        return new FakeJob(id, attempt + 1, operation, params);
    }

    /** Calls {@code listener} with the count of every progress report (one per page). */
    FakeJob onProgress(LongConsumer listener) {
        this.onProgress = listener;
        return this;
    }

    @Override
    public UUID jobId() {
        return id;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String connector() {
        return ServiceNowConnector.NAME;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    public Map<String, Object> params() {
        return params;
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
    public void progress(long current, long total, String message) {
        onProgress.accept(current);
    }
}
