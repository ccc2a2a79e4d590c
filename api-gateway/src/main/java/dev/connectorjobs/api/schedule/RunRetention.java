package dev.connectorjobs.api.schedule;

import dev.connectorjobs.api.recovery.RetentionProperties;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes schedule runs as old as the finished jobs that retention deletes ({@code
 * jobs.api.retention.finished-jobs}), in batches of {@code jobs.api.retention.batch-size}: a
 * schedule that ticks every minute leaves 10,000 runs a week. The newest run of every schedule is
 * kept whatever its age, so a schedule's last outcome stays visible.
 */
@Component
class RunRetention {

    private static final Logger log = LoggerFactory.getLogger(RunRetention.class);

    /** {@link RetentionProperties#interval()}, in milliseconds, read from the bound record. */
    private static final String INTERVAL =
            "#{@'jobs.api.retention-dev.connectorjobs.api.recovery.RetentionProperties'.interval().toMillis()}";

    private final JdbcClient jdbc;
    private final RetentionProperties retention;
    private final Clock clock;

    RunRetention(JdbcClient jdbc, RetentionProperties retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
    void sweepScheduled() {
        try {
            long deleted = sweep();
            if (deleted > 0) {
                log.info("Retention removed {} schedule runs older than {}", deleted, retention.finishedJobs());
            }
        } catch (RuntimeException e) {
            log.warn("Schedule run retention failed; it runs again in {}: {}", retention.interval(), e.toString());
        }
    }

    /** Deletes old runs, batch by batch; returns how many. */
    long sweep() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(retention.finishedJobs()));
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM schedule_runs WHERE ctid IN (
                                SELECT r.ctid FROM schedule_runs r
                                 WHERE r.scheduled_at < :cutoff
                                   AND EXISTS (SELECT 1 FROM schedule_runs later
                                                WHERE later.schedule_id = r.schedule_id
                                                  AND later.scheduled_at > r.scheduled_at)
                                 LIMIT :limit
                                   FOR UPDATE SKIP LOCKED)
                            """)
                    .param("cutoff", cutoff)
                    .param("limit", retention.batchSize())
                    .update();
            total += deleted;
        } while (deleted == retention.batchSize());
        return total;
    }
}
