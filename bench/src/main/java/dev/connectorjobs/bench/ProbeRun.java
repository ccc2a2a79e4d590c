package dev.connectorjobs.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The probes of a run on a thread of their own, with their own HTTP client and database connection. */
final class ProbeRun {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ProbeJobs probes;
    private final CompletableFuture<List<UUID>> submitted;
    private final AtomicBoolean stop;
    private final PlainHttp http;
    private final Connection connection;

    private ProbeRun(
            ProbeJobs probes,
            CompletableFuture<List<UUID>> submitted,
            AtomicBoolean stop,
            PlainHttp http,
            Connection connection) {
        this.probes = probes;
        this.submitted = submitted;
        this.stop = stop;
        this.http = http;
        this.connection = connection;
    }

    /** Starts the probes {@code probe} asks for, if any. */
    static Optional<ProbeRun> start(
            BenchOptions.Probe probe, URI api, String key, Database database, AtomicBoolean floodDone)
            throws SQLException {
        if (probe.jobs() == 0) {
            return Optional.empty();
        }
        Connection connection = database.connect();
        PlainHttp http = new PlainHttp(api, CONNECT_TIMEOUT);
        ProbeJobs probes = new ProbeJobs(probe, http, api, key, connection);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<List<UUID>> submitted = new CompletableFuture<>();
        Thread.ofPlatform().name("bench-probes").daemon().start(() -> {
            try {
                submitted.complete(probes.submit(floodDone::get, stop));
            } catch (Exception e) {
                submitted.completeExceptionally(e);
            }
        });
        return Optional.of(new ProbeRun(probes, submitted, stop, http, connection));
    }

    /** Waits for the probes to be submitted and to end, then reads their latencies. */
    ProbeJobs.Result finish(Connection waiter, Deadline deadline) throws SQLException, InterruptedException {
        try {
            List<UUID> ids = submitted.get();
            new CompletionWaiter(waiter).await(ids, deadline);
            return probes.result(ids);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the probes failed: " + e.getCause(), e.getCause());
        } finally {
            stop.set(true);
            http.close();
            connection.close();
        }
    }
}
