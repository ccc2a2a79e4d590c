package dev.connectorjobs.api.recovery;

import dev.connectorjobs.model.job.JobIds;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes finished jobs older than the retention period, in small batches (each its own short
 * transaction, {@code SKIP LOCKED} so replicas share the work), so history never slows the present
 * and the sweep never blocks the hot path.
 */
@Component
public final class RetentionSweeper {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    /** {@link RetentionProperties#interval()}, in milliseconds, read from the bound record. */
    private static final String INTERVAL = "#{@'" + RetentionProperties.BEAN + "'.interval().toMillis()}";

    /**
     * One batch of the sweep, oldest ids first. The bench explains this statement
     * ({@code QueryPlans}); its test checks that the two stay the same.
     */
    public static final String SWEEP = """
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs
                 WHERE id < :below AND status IN ('SUCCESS', 'FAILURE', 'REVOKED') AND finished_at < :cutoff
                 ORDER BY id
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
            """;

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    RetentionSweeper(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
    void sweepScheduled() {
        try {
            long deleted = sweep();
            if (deleted > 0) {
                log.info("Retention removed {} finished jobs older than {}", deleted, properties.finishedJobs());
            }
        } catch (RuntimeException e) {
            log.warn("Retention sweep failed; it runs again in {}: {}", properties.interval(), e.toString());
        }
    }

    /**
     * Deletes every expired finished job, batch by batch.
     *
     * @return how many jobs were deleted
     */
    public long sweep() {
        Instant cutoff = clock.instant().minus(properties.finishedJobs());
        // A job that finished before the cutoff was created before it, and its id starts with its
        // creation millisecond: the sweep walks the primary key from the oldest id up to the cutoff
        // (plus the slack of rows whose id was taken a moment after their timestamp) instead of
        // keeping an index on finished_at, which every finished job would add an entry to.
        UUID below = JobIds.firstAt(cutoff.plus(JobIds.CREATED_AT_SLACK));
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql(SWEEP)
                    .param("below", below)
                    .param("cutoff", Timestamp.from(cutoff))
                    .param("limit", properties.batchSize())
                    .update();
            total += deleted;
        } while (deleted == properties.batchSize());
        return total;
    }
}
