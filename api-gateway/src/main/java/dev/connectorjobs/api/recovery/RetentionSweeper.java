package dev.connectorjobs.api.recovery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
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

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    RetentionSweeper(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${jobs.api.retention.interval:1m}",
            initialDelayString = "${jobs.api.retention.interval:1m}")
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
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM jobs WHERE id IN (
                                SELECT id FROM jobs
                                 WHERE status IN ('SUCCESS', 'FAILURE', 'REVOKED') AND finished_at < :cutoff
                                 ORDER BY finished_at
                                 LIMIT :limit
                                   FOR UPDATE SKIP LOCKED)
                            """)
                    .param("cutoff", Timestamp.from(cutoff))
                    .param("limit", properties.batchSize())
                    .update();
            total += deleted;
        } while (deleted == properties.batchSize());
        return total;
    }
}
