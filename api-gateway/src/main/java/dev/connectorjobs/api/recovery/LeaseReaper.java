package dev.connectorjobs.api.recovery;

import static dev.connectorjobs.model.job.JobStatus.FAILURE;
import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.STARTED;

import dev.connectorjobs.api.job.SubmissionProperties;
import dev.connectorjobs.api.metrics.JobCounters;
import dev.connectorjobs.model.job.JobTransitions;
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
 * Hands on jobs whose worker was lost: a STARTED job whose lease expired (its worker stopped
 * heartbeating: killed, frozen, cut off) gets a {@code WorkerLost} attempt in its history and goes
 * to RETRY at once, without spending one of its retries. A job that has lost its worker {@code
 * poison-threshold} times in a row fails with {@code PoisonJob} instead, so a job that crashes
 * workers cannot take the fleet down in a loop. Every API replica reaps; {@code SKIP LOCKED} gives
 * each job to one of them. The lost attempt's own late outcome is fenced off by its attempt number.
 * Leases are written and compared on PostgreSQL's clock ({@code now()}) only, so a replica or a
 * worker whose clock is skewed neither reaps a job early nor lets a lease run forever.
 */
@Component
class LeaseReaper {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    /** {@link ReaperProperties#interval()}, in milliseconds, read from the bound record. */
    private static final String INTERVAL = "#{@'" + ReaperProperties.BEAN + "'.interval().toMillis()}";

    static {
        JobTransitions.check(STARTED, RETRY);
        JobTransitions.check(STARTED, FAILURE);
    }

    private final JdbcClient jdbc;
    private final ReaperProperties properties;
    private final Clock clock;
    private final JobCounters counters;

    LeaseReaper(
            JdbcClient jdbc,
            ReaperProperties properties,
            Clock clock,
            JobCounters counters,
            SubmissionProperties submission) {
        this.counters = counters;
        counters.knownQueues(submission.queues());
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    record Reaped(UUID id, String status, String workerId, int attempt, String queue) {}

    @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
    void reapScheduled() {
        try {
            reap();
        } catch (RuntimeException e) {
            log.warn("Reaper sweep failed; it runs again in {}: {}", properties.interval(), e.toString());
        }
    }

    List<Reaped> reap() {
        Instant now = clock.instant();
        List<Reaped> reaped = jdbc.sql("""
                        WITH lost AS (
                            SELECT id, attempt, worker_id, started_at, lost_count FROM jobs
                             WHERE status = 'STARTED' AND lease_expires_at < now()
                             ORDER BY lease_expires_at
                             LIMIT :limit
                               FOR UPDATE SKIP LOCKED
                        ), history AS (
                            INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome,
                                                      error_type, error_message, duration_ms)
                            SELECT id, attempt, worker_id, started_at, :now, 'WORKER_LOST', 'WorkerLost',
                                   'worker ' || worker_id || ' stopped heartbeating and its lease expired',
                                   greatest(0, (extract(epoch FROM (:now - started_at)) * 1000)::bigint)
                              FROM lost
                            ON CONFLICT (job_id, attempt) DO NOTHING
                        )
                        UPDATE jobs j
                           SET status = CASE WHEN lost.lost_count + 1 >= :poison THEN 'FAILURE' ELSE 'RETRY' END,
                               lost_count = lost.lost_count + 1,
                               error_type = CASE WHEN lost.lost_count + 1 >= :poison
                                                 THEN 'PoisonJob' ELSE 'WorkerLost' END,
                               error_message = CASE WHEN lost.lost_count + 1 >= :poison
                                   THEN 'the job lost its worker ' || (lost.lost_count + 1)
                                        || ' times in a row; it is not retried again. Inspect it before resubmitting'
                                   ELSE 'worker ' || lost.worker_id || ' was lost while running the job; retrying'
                                   END,
                               finished_at = CASE WHEN lost.lost_count + 1 >= :poison THEN CAST(:now AS timestamptz) END,
                               next_attempt_at = CASE WHEN lost.lost_count + 1 >= :poison THEN NULL ELSE CAST(:now AS timestamptz) END,
                               dispatch_after = CASE WHEN lost.lost_count + 1 >= :poison THEN NULL ELSE CAST(:now AS timestamptz) END,
                               lease_expires_at = NULL, progress = NULL, updated_at = :now
                          FROM lost
                         WHERE j.id = lost.id AND j.status = 'STARTED'
                        RETURNING j.id, j.status, lost.worker_id, lost.attempt, j.queue
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", properties.batchSize())
                .param("poison", properties.poisonThreshold())
                .query((rs, n) -> new Reaped(
                        rs.getObject("id", UUID.class),
                        rs.getString("status"),
                        rs.getString("worker_id"),
                        rs.getInt("attempt"),
                        rs.getString("queue")))
                .list();
        for (Reaped r : reaped) {
            counters.reaped(r.queue(), FAILURE.name().equals(r.status()));
            log.warn(
                    "Reaped job_id={} attempt={}: worker {} lost its lease; job is now {}",
                    r.id(),
                    r.attempt(),
                    r.workerId(),
                    r.status());
        }
        return reaped;
    }
}
