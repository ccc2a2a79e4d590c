package dev.connectorjobs.api.recovery;

import static dev.connectorjobs.model.job.JobStatus.PENDING;
import static dev.connectorjobs.model.job.JobStatus.QUEUED;
import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.REVOKED;

import dev.connectorjobs.api.metrics.JobCounters;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.model.job.OutcomeNotifications;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends waiting jobs whose expiry passed: PENDING (delayed, or never dispatched), QUEUED (no worker
 * took it) or RETRY (waiting for its next attempt) become REVOKED with {@code revoke_reason}
 * {@code expired}, and never start. A worker that claims an expired job ends it the same way at
 * the claim; this sweep ends those that no worker will claim in time, or ever. Shaped like the
 * reaper: every API replica sweeps, {@code SKIP LOCKED} gives each job to one of them, and each
 * batch is one short statement through the partial index {@code jobs_expiry}, which holds only
 * waiting jobs that have an expiry.
 */
@Component
class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    /** {@link ExpiryProperties#interval()}, in milliseconds, read from the bound record. */
    private static final String INTERVAL = "#{@'" + ExpiryProperties.BEAN + "'.interval().toMillis()}";

    /** The revoke reason of an expired job, as Celery names it. */
    static final String EXPIRED = "expired";

    static {
        for (JobStatus waiting : List.of(PENDING, QUEUED, RETRY)) {
            JobTransitions.check(waiting, REVOKED);
        }
    }

    /** One batch; the status list is the index's predicate, word for word, so the planner uses it. */
    private static final String SWEEP = """
            WITH expired AS (
                SELECT id FROM jobs
                 WHERE expires_at <= :now AND expires_at IS NOT NULL AND status IN ('PENDING', 'QUEUED', 'RETRY')
                 ORDER BY expires_at
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED
            ), ended AS (
                UPDATE jobs j
                   SET status = 'REVOKED', revoke_reason = '%s', revoked_at = :now, finished_at = :now,
                       updated_at = :now, dispatch_after = NULL, next_attempt_at = NULL, lease_expires_at = NULL
                  FROM expired
                 WHERE j.id = expired.id AND j.status IN ('PENDING', 'QUEUED', 'RETRY')
                RETURNING j.id, j.queue, j.connector, j.operation
            )
            SELECT ended.*, pg_notify('%s', '')::text AS notified FROM ended
            """.formatted(EXPIRED, OutcomeNotifications.CHANNEL);

    private final JdbcClient jdbc;
    private final ExpiryProperties properties;
    private final Clock clock;
    private final JobCounters counters;

    ExpirySweeper(JdbcClient jdbc, ExpiryProperties properties, Clock clock, JobCounters counters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.counters = counters;
    }

    /** A job this sweep ended. */
    record Expired(UUID id, String queue, String connector, String operation) {}

    @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
    void sweepScheduled() {
        try {
            int ended = sweep();
            if (ended > 0) {
                log.info("Ended {} expired jobs that had not started (REVOKED, reason expired)", ended);
            }
        } catch (RuntimeException e) {
            log.warn("Expiry sweep failed; it runs again in {}: {}", properties.interval(), e.toString());
        }
    }

    /**
     * Ends every waiting job whose expiry has passed, batch by batch.
     *
     * @return how many jobs it ended
     */
    int sweep() {
        int total = 0;
        List<Expired> batch;
        do {
            batch = sweepOnce(clock.instant());
            total += batch.size();
        } while (batch.size() == properties.batchSize());
        return total;
    }

    List<Expired> sweepOnce(Instant now) {
        List<Expired> ended = jdbc.sql(SWEEP)
                .param("now", Timestamp.from(now))
                .param("limit", properties.batchSize())
                .query((rs, n) -> new Expired(
                        rs.getObject("id", UUID.class),
                        rs.getString("queue"),
                        rs.getString("connector"),
                        rs.getString("operation")))
                .list();
        for (Expired job : ended) {
            counters.revokedWhileWaiting(job.queue(), job.connector(), job.operation());
            log.debug("Expired job_id={} {}.{} before it started", job.id(), job.connector(), job.operation());
        }
        return ended;
    }
}
