package dev.connectorjobs.worker.connector.freshservice;

import dev.connectorjobs.worker.connector.Cancellation;
import dev.connectorjobs.worker.connector.JobContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A {@code freshservice} job outside a worker: its id, params and deadline set by the test, its
 * progress recorded. {@link #nextAttempt()} is the same job tried again.
 */
final class TestJobContext implements JobContext {

    private final UUID id;
    private final int attempt;
    private final String operation;
    private final Map<String, Object> params;
    private final Instant deadline;
    private final Cancellation cancellation = new Cancellation();
    private final List<Long> progress = new ArrayList<>();
    private Consumer<TestJobContext> onProgress = job -> {};

    private TestJobContext(UUID id, int attempt, String operation, Map<String, Object> params, Instant deadline) {
        this.id = id;
        this.attempt = attempt;
        this.operation = operation;
        this.params = params;
        this.deadline = deadline;
    }

    /** A first attempt of {@code operation}, without params, with two minutes to run. */
    static TestJobContext aJob(String operation) {
        return new TestJobContext(
                UUID.randomUUID(),
                1,
                operation,
                new LinkedHashMap<>(),
                Instant.now().plusSeconds(120));
    }

    TestJobContext param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** The job with its time limit at {@code at}. */
    TestJobContext deadline(Instant at) {
        return new TestJobContext(id, attempt, operation, params, at);
    }

    /** Runs {@code action} after every progress report (which the collector sends after each page). */
    TestJobContext onProgress(Consumer<TestJobContext> action) {
        this.onProgress = action;
        return this;
    }

    /** The same job, attempted once more. */
    TestJobContext nextAttempt() {
        return new TestJobContext(id, attempt + 1, operation, params, deadline);
    }

    /** The {@code current} value of every progress report so far. */
    List<Long> progressReports() {
        return List.copyOf(progress);
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
        return "freshservice";
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
        return "test-" + id;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void progress(long current, long total, String message) {
        progress.add(current);
        onProgress.accept(this);
    }
}
