package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.worker.connector.Cancellation;
import dev.connectorjobs.worker.connector.JobContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A {@code jira} job outside a worker, built like {@code aJiraJob("fetch_assets").param("aql",
 * "...")}: a fixed id across {@link #nextAttempt() attempts}, its own cancellation, and progress
 * reports a test can watch.
 */
final class JiraJob implements JobContext {

    private final UUID id;
    private final int attempt;
    private final String operation;
    private final Map<String, Object> params;
    private final Cancellation cancellation = new Cancellation();
    private Consumer<Long> onProgress = current -> {};

    private JiraJob(UUID id, int attempt, String operation, Map<String, Object> params) {
        this.id = id;
        this.attempt = attempt;
        this.operation = operation;
        this.params = params;
    }

    static JiraJob aJiraJob(String operation) {
        return new JiraJob(UUID.randomUUID(), 1, operation, new LinkedHashMap<>());
    }

    JiraJob param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** The same job's next attempt, as the job runner would start it after a retryable failure. */
    JiraJob nextAttempt() {
        return new JiraJob(id, attempt + 1, operation, params);
    }

    /** Runs {@code listener} with the asset count on every progress report. */
    JiraJob onProgress(Consumer<Long> listener) {
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
        return "jira";
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
