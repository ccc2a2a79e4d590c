package dev.connectorjobs.cli;

import dev.connectorjobs.client.AuthenticationException;
import dev.connectorjobs.client.BadRequestException;
import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.ConnectorJobsException;
import dev.connectorjobs.client.ForbiddenException;
import dev.connectorjobs.client.JobRequest;
import dev.connectorjobs.client.Submitted;
import dev.connectorjobs.client.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Submits the lines of an NDJSON file, a chunk at a time, each line on its own request with its
 * derived idempotency key, {@code concurrency} requests at once. (The batch endpoint takes no
 * idempotency key, so it could not make a rerun safe.) A rejected line is counted and the run goes
 * on; an API or network error that outlasts the client's retries stops the run after the chunk, and
 * a rerun of the same file resumes where it stopped.
 */
final class BatchRun {

    private static final int MAX_PROBLEMS = 20;

    private final ConnectorJobsClient client;
    private final String salt;
    private final int chunk;
    private final int concurrency;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong existing = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<BatchSummary.Problem> problems = new ArrayList<>();
    private final AtomicReference<String> stopped = new AtomicReference<>("");
    private final AtomicReference<@Nullable RuntimeException> fatal = new AtomicReference<>();
    private long lines;

    BatchRun(ConnectorJobsClient client, String salt, int chunk, int concurrency) {
        this.client = client;
        this.salt = salt;
        this.chunk = chunk;
        this.concurrency = concurrency;
    }

    BatchSummary run(Path file, ProgressBar progress) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            List<Future<?>> pending = new ArrayList<>();
            long number = 0;
            String line;
            while ((line = reader.readLine()) != null && stopped.get().isEmpty()) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                lines++;
                long lineNumber = number;
                String text = line;
                pending.add(pool.submit(() -> submit(lineNumber, text)));
                if (pending.size() == chunk) {
                    awaitAll(pending);
                    progress.show(summary());
                }
            }
            awaitAll(pending);
            progress.show(summary());
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
        RuntimeException error = fatal.get();
        if (error != null) {
            throw error;
        }
        return summary();
    }

    private void submit(long lineNumber, String text) {
        if (!stopped.get().isEmpty()) {
            return;
        }
        try {
            JobRequest job = BatchLine.parse(text);
            Submitted submitted = client.submit(job, BatchLine.key(salt, lineNumber, text));
            (submitted.created() ? created : existing).incrementAndGet();
        } catch (UsageException | ValidationException | BadRequestException e) {
            rejected.incrementAndGet();
            problem(lineNumber, String.valueOf(e.getMessage()));
        } catch (AuthenticationException | ForbiddenException e) {
            fatal.compareAndSet(null, e);
            stopped.compareAndSet("", String.valueOf(e.getMessage()));
        } catch (ConnectorJobsException e) {
            failed.incrementAndGet();
            problem(lineNumber, String.valueOf(e.getMessage()));
            stopped.compareAndSet(
                    "", "stopped at line " + lineNumber + " after an error; rerun the same command to resume");
        }
    }

    private synchronized void problem(long line, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new BatchSummary.Problem(line, message));
        }
    }

    private static void awaitAll(List<Future<?>> pending) {
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted; rerun the same command to resume", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a submission failed unexpectedly", e.getCause());
            }
        }
        pending.clear();
    }

    private synchronized BatchSummary summary() {
        return new BatchSummary(
                lines,
                created.get(),
                existing.get(),
                rejected.get(),
                failed.get(),
                problems.stream()
                        .sorted(java.util.Comparator.comparingLong(BatchSummary.Problem::line))
                        .toList(),
                stopped.get());
    }
}
