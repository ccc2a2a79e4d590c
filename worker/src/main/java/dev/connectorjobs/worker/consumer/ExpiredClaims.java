package dev.connectorjobs.worker.consumer;

import static dev.connectorjobs.model.job.JobStatus.REVOKED;
import static dev.connectorjobs.model.job.JobStatus.STARTED;

import dev.connectorjobs.common.metrics.JobMeters;
import dev.connectorjobs.model.dispatch.JobEnvelope;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.model.job.OutcomeNotifications;
import dev.connectorjobs.worker.execution.ClaimedJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Ends, at the claim, the dispatched jobs whose expiry has passed: the claim does not start them
 * ({@code ClaimRepository} skips a job past its {@code expires_at}), and this makes them REVOKED
 * with reason {@code expired}, so they never start and need not wait for the api-gateway's expiry
 * sweep. It runs only for records that claimed nothing, which are rare (duplicates, revoked or
 * stale records), so jobs without an expiry cost the claim nothing more.
 */
@Repository
class ExpiredClaims {

    private static final Logger log = LoggerFactory.getLogger(ExpiredClaims.class);

    /** The revoke reason of an expired job, as Celery names it (the api-gateway's sweep writes the same). */
    static final String EXPIRED = "expired";

    /** The states a claim takes a job from: an expired job in one of them would have been claimed. */
    private static final String CLAIMABLE = JobTransitions.sourcesOf(STARTED).stream()
            .map(JobStatus::name)
            .map(s -> "'" + s + "'")
            .sorted()
            .collect(Collectors.joining(", ", "(", ")"));

    static {
        JobTransitions.sourcesOf(STARTED).forEach(from -> JobTransitions.check(from, REVOKED));
    }

    private static final String END = """
            WITH ended AS (
                UPDATE jobs j
                   SET status = 'REVOKED', revoke_reason = '%s', revoked_at = ?, finished_at = ?, updated_at = ?,
                       dispatch_after = NULL, next_attempt_at = NULL, lease_expires_at = NULL
                  FROM unnest(?::uuid[], ?::int[]) AS c(id, attempt)
                 WHERE j.id = c.id AND j.attempt = c.attempt AND (j.status IN %s) IS TRUE AND j.expires_at <= ?
                RETURNING j.id, j.queue, j.connector, j.operation
            )
            SELECT ended.*, pg_notify('%s', '')::text AS notified FROM ended
            """.formatted(EXPIRED, CLAIMABLE, OutcomeNotifications.CHANNEL);

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;

    ExpiredClaims(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /** The envelopes of {@code envelopes} whose attempt is not among {@code claimed}. */
    static List<JobEnvelope> unclaimed(List<JobEnvelope> envelopes, List<ClaimedJob> claimed) {
        Set<UUID> started = claimed.stream().map(ClaimedJob::id).collect(Collectors.toSet());
        return envelopes.stream().filter(e -> !started.contains(e.jobId())).toList();
    }

    /**
     * Ends those of {@code envelopes} whose job waits for that attempt and has expired by {@code now}.
     *
     * @return how many jobs it ended
     */
    int end(List<JobEnvelope> envelopes, Instant now) {
        if (envelopes.isEmpty()) {
            return 0;
        }
        List<JobEnvelope> ordered = envelopes.stream()
                .sorted(Comparator.comparing(JobEnvelope::jobId, JobIds.LOCK_ORDER))
                .toList();
        Timestamp at = Timestamp.from(now);
        List<String> ended = jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(END);
                    ps.setTimestamp(1, at);
                    ps.setTimestamp(2, at);
                    ps.setTimestamp(3, at);
                    ps.setArray(
                            4,
                            con.createArrayOf(
                                    "uuid",
                                    ordered.stream().map(JobEnvelope::jobId).toArray()));
                    ps.setArray(
                            5,
                            con.createArrayOf(
                                    "int4",
                                    ordered.stream().map(JobEnvelope::attempt).toArray()));
                    ps.setTimestamp(6, at);
                    return ps;
                },
                (rs, n) -> {
                    Counter.builder(JobMeters.FINISHED)
                            .description("Jobs that ended, by outcome")
                            .tags(
                                    JobMeters.QUEUE, rs.getString("queue"),
                                    JobMeters.CONNECTOR, rs.getString("connector"),
                                    JobMeters.OPERATION, rs.getString("operation"),
                                    JobMeters.OUTCOME, JobMeters.REVOKED)
                            .register(registry)
                            .increment();
                    return rs.getString("id");
                });
        if (!ended.isEmpty()) {
            log.info("Expired before they started, ended REVOKED (reason expired): job_ids={}", ended);
        }
        return ended.size();
    }
}
