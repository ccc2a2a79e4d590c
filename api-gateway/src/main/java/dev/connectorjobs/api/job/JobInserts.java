package dev.connectorjobs.api.job;

import dev.connectorjobs.common.batch.GroupCommit;
import dev.connectorjobs.common.database.DatabaseOutage;
import dev.connectorjobs.common.metrics.GroupCommitMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit of single submissions ({@link GroupCommit}): concurrent requests share one INSERT
 * and one commit. Each request waits until the statement that holds its row has committed, so a
 * 202 still means the job is stored. One writer takes everything queued (a small batch waits up to
 * {@link #LINGER} for company), writes it, and takes what queued meanwhile: under load batches grow
 * by themselves.
 *
 * <p>A failed batch is written again row by row, so that one bad row fails only its own request;
 * when the database is unreachable ({@link DatabaseOutage}) every request of the batch fails at
 * once instead. Its queue and batches are metrics ({@code jobs.group.commit.*}, tagged {@code
 * writer=job-inserts}).
 */
@Component
final class JobInserts implements SmartLifecycle, MeterBinder {

    private static final int MAX_BATCH = 500;

    /**
     * How long a small batch waits for more submissions. At a few hundred submissions a second a
     * commit (a WAL flush, about 1 ms of CPU on a small virtual machine) per one or two rows costs
     * PostgreSQL more than the rows do; 2 ms of waiting halve the commits or better.
     */
    private static final Duration LINGER = Duration.ofMillis(2);

    /** A batch this large is written at once. */
    private static final int FULL_ENOUGH = 64;

    private final GroupCommit<NewJob, Boolean> commit;

    JobInserts(JobRepository jobs) {
        this.commit = GroupCommit.<NewJob, Boolean>builder("job-inserts", "submissions", batch -> {
                    Set<UUID> inserted = jobs.insert(batch);
                    return batch.stream()
                            .map(job -> inserted.contains(job.id()))
                            .toList();
                })
                .linger(LINGER)
                .fullEnough(FULL_ENOUGH)
                .maxBatch(MAX_BATCH)
                .unavailable(DatabaseOutage::isOutage)
                .logger(System.getLogger(JobInserts.class.getName()))
                .build();
    }

    /**
     * Stores the job, waiting for the commit.
     *
     * @return false when the client already holds the job's idempotency key
     */
    boolean insert(NewJob job) {
        return commit.submit(job);
    }

    /** Submissions waiting for the next statement. */
    int queued() {
        return commit.queued();
    }

    @Override
    public void start() {
        commit.start();
    }

    /** Writes what is queued, then stops the writer; later submissions are written by their requests. */
    @Override
    public void stop() {
        commit.stop();
    }

    @Override
    public boolean isRunning() {
        return commit.isRunning();
    }

    /** Stops after the web server has finished its requests (which stops at a higher phase). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        GroupCommitMeters.bind(commit, registry);
    }
}
