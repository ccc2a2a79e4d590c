package dev.connectorjobs.worker.connector;

import dev.connectorjobs.worker.attempt.Cancellation;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.attempt.RemoteCancel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Test-data builder and double of a running job, for calling connectors and the HTTP client
 * outside a worker: {@code aJob("servicenow", "fetch_assets").param("max_assets", 3)}. The same id
 * across {@link #nextAttempt() attempts}, its own cancellation, progress reports a test can watch.
 */
public final class FakeJobContext implements JobContext {

    private final UUID id;
    private final int attempt;
    private final String connector;
    private final String operation;
    private final Map<String, Object> params;
    private final Instant deadline;
    private final Cancellation cancellation = new Cancellation();
    private final List<Long> progress = new ArrayList<>();
    private LongConsumer onProgress = current -> {};
    private @Nullable Map<String, Object> checkpoint;
    private @Nullable String remoteCancelDescription;
    private @Nullable RemoteCancel remoteCancel;

    private FakeJobContext(
            UUID id, int attempt, String connector, String operation, Map<String, Object> params, Instant deadline) {
        this.id = id;
        this.attempt = attempt;
        this.connector = connector;
        this.operation = operation;
        this.params = params;
        this.deadline = deadline;
    }

    /** The first attempt of a new job of {@code connector.operation}, without params, two minutes to run. */
    public static FakeJobContext aJob(String connector, String operation) {
        return new FakeJobContext(
                UUID.randomUUID(),
                1,
                connector,
                operation,
                new LinkedHashMap<>(),
                Instant.now().plusSeconds(120));
    }

    public FakeJobContext param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** The same job with its time limit at {@code at}. */
    public FakeJobContext deadline(Instant at) {
        return new FakeJobContext(id, attempt, connector, operation, params, at);
    }

    /** The next attempt of the same job: same id and params, a fresh cancellation. */
    public FakeJobContext nextAttempt() {
        FakeJobContext next = new FakeJobContext(id, attempt + 1, connector, operation, params, deadline);
        next.checkpoint = checkpoint;
        return next;
    }

    /** The checkpoint saved so far (what the next attempt receives), or null. */
    public @Nullable Map<String, Object> savedCheckpoint() {
        return checkpoint;
    }

    /** The description of the registered remote cancel, or null when none is registered. */
    public @Nullable String remoteCancelDescription() {
        return remoteCancelDescription;
    }

    /**
     * Runs the registered remote cancel as the worker would when the job is revoked or reaches its
     * time limit: with a fresh context of the same job (a cancellation of its own, ten seconds).
     *
     * @return whether one was registered
     */
    public boolean runRemoteCancel() throws Exception {
        RemoteCancel action = remoteCancel;
        if (action == null) {
            return false;
        }
        FakeJobContext context = new FakeJobContext(
                id, attempt, connector, operation, params, Instant.now().plusSeconds(10));
        action.cancel(context);
        return true;
    }

    /** Calls {@code listener} with the {@code current} count of every progress report. */
    public FakeJobContext onProgress(LongConsumer listener) {
        this.onProgress = listener;
        return this;
    }

    /** The {@code current} value of every progress report so far. */
    public List<Long> progressReports() {
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
        return connector;
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
        return deadline;
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void progress(long current, long total, String message) {
        progress.add(current);
        onProgress.accept(current);
    }

    @Override
    public Optional<Map<String, Object>> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    @Override
    public void saveCheckpoint(Map<String, Object> checkpoint) {
        cancellation.throwIfCancelled();
        this.checkpoint = new LinkedHashMap<>(checkpoint);
    }

    @Override
    public void clearCheckpoint() {
        this.checkpoint = null;
    }

    @Override
    public void onRemoteCancel(String description, RemoteCancel action) {
        this.remoteCancelDescription = description;
        this.remoteCancel = action;
    }
}
