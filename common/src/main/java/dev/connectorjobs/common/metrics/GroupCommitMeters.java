package dev.connectorjobs.common.metrics;

import dev.connectorjobs.common.batch.GroupCommit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of a {@link GroupCommit}, tagged {@code writer=<its name>}: {@code
 * jobs.group.commit.queued}, {@code jobs.group.commit.batch.size} (the last batch) and {@code
 * jobs.group.commit.batches}. Kept apart so that {@code GroupCommit} itself stays JDK only.
 */
public final class GroupCommitMeters {

    private GroupCommitMeters() {}

    /** Registers the meters of {@code commit} with {@code registry}. */
    public static void bind(GroupCommit<?, ?> commit, MeterRegistry registry) {
        Gauge.builder("jobs.group.commit.queued", commit, GroupCommit::queued)
                .description("Writes waiting for the group commit's writer thread")
                .tag("writer", commit.name())
                .register(registry);
        Gauge.builder("jobs.group.commit.batch.size", commit, GroupCommit::lastBatchSize)
                .description("Writes in the group commit's last batch")
                .tag("writer", commit.name())
                .register(registry);
        FunctionCounter.builder("jobs.group.commit.batches", commit, GroupCommit::batches)
                .description("Batches the group commit has written or tried")
                .tag("writer", commit.name())
                .register(registry);
    }
}
