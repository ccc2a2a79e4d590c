package dev.connectorjobs.worker.consumer;

import static dev.connectorjobs.model.job.JobStatus.STARTED;

import dev.connectorjobs.model.dispatch.JobEnvelope;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.worker.execution.ClaimedJob;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The claim: one conditional UPDATE for a whole poll. A record whose (job, attempt) is not waiting
 * any more (revoked, already claimed, superseded by a newer attempt) claims nothing and is skipped.
 * The status test is wrapped in {@code IS TRUE} so that the planner goes through the primary key
 * rather than a status index full of entries for long-gone row versions. It leaves {@code
 * next_attempt_at} as it was: with {@code created_at} it says when the attempt became eligible,
 * which the queue-wait metric measures from. A job whose expiry has passed is not claimed ({@link
 * ExpiredClaims} ends it).
 */
@Repository
class ClaimRepository {

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {};
    private static final String CLAIMABLE = JobTransitions.sourcesOf(STARTED).stream()
            .map(JobStatus::name)
            .map(s -> "'" + s + "'")
            .sorted()
            .collect(Collectors.joining(", ", "(", ")"));

    /** The claim of a poll's attempts, joined from arrays in lock order; it returns what to run from the row, not the message. */
    private static final String CLAIM = """
            UPDATE jobs j
               SET status = 'STARTED', worker_id = ?, started_at = ?, updated_at = ?,
                   lease_expires_at = now() + ? * interval '1 millisecond', dispatch_after = NULL,
                   published_at = coalesce(j.published_at, ?), progress = NULL
              FROM unnest(?::uuid[], ?::int[]) AS c(id, attempt)
             WHERE j.id = c.id AND j.attempt = c.attempt AND (j.status IN %s) IS TRUE
               AND (j.expires_at IS NULL OR j.expires_at > ?)
            RETURNING j.id, j.attempt, j.queue, j.connector, j.operation, j.params::text AS params,
                      j.timeout_seconds, j.max_retries, j.retries_used, j.correlation_id, j.checkpoint::text AS checkpoint,
                      j.created_at, coalesce(j.next_attempt_at, j.created_at) AS eligible_at, j.traceparent
            """.formatted(CLAIMABLE);

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    ClaimRepository(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Claims the given attempts for {@code workerId}; returns those this worker now owns. The lease
     * ends {@code lease} after PostgreSQL's {@code now()}, the clock the reaper compares it with, so
     * a skewed worker clock neither shortens nor lengthens it.
     */
    List<ClaimedJob> claim(List<JobEnvelope> envelopes, String workerId, Instant now, Duration lease) {
        if (envelopes.isEmpty()) {
            return List.of();
        }
        // Rows are locked in one order everywhere (JobIds.LOCK_ORDER), so claims and other writers cannot deadlock.
        List<JobEnvelope> ordered = envelopes.stream()
                .sorted(Comparator.comparing(JobEnvelope::jobId, JobIds.LOCK_ORDER))
                .toList();
        return jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(CLAIM);
                    ps.setString(1, workerId);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setLong(4, lease.toMillis());
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setArray(
                            6,
                            con.createArrayOf(
                                    "uuid",
                                    ordered.stream().map(JobEnvelope::jobId).toArray()));
                    ps.setArray(
                            7,
                            con.createArrayOf(
                                    "int4",
                                    ordered.stream().map(JobEnvelope::attempt).toArray()));
                    ps.setTimestamp(8, Timestamp.from(now));
                    return ps;
                },
                (rs, n) -> new ClaimedJob(
                        rs.getObject("id", UUID.class),
                        rs.getInt("attempt"),
                        rs.getString("queue"),
                        rs.getString("connector"),
                        rs.getString("operation"),
                        mapper.readValue(rs.getString("params"), PARAMS),
                        rs.getInt("timeout_seconds"),
                        rs.getInt("max_retries"),
                        rs.getInt("retries_used"),
                        rs.getString("correlation_id"),
                        now,
                        rs.getString("checkpoint"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("eligible_at").toInstant(),
                        rs.getString("traceparent")));
    }
}
