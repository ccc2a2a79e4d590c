package dev.connectorjobs.api.dispatch;

import static dev.connectorjobs.model.job.JobStatus.PENDING;
import static dev.connectorjobs.model.job.JobStatus.QUEUED;
import static dev.connectorjobs.model.job.JobStatus.RETRY;

import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The outbox side of the jobs table: due rows and publication confirmations. */
@Repository
class DispatchRepository {

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {};

    static {
        JobTransitions.check(PENDING, QUEUED);
        JobTransitions.check(RETRY, QUEUED);
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    DispatchRepository(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Marks the given attempts QUEUED, unless a worker or the sweep got there first. */
    int confirmPublished(List<UUID> jobIds, List<Integer> attempts, Instant now) {
        return jdbc.update(
                con -> {
                    PreparedStatement ps = con.prepareStatement("""
                            UPDATE jobs j
                               SET status = 'QUEUED', dispatch_after = NULL, published_at = ?, updated_at = ?
                              FROM unnest(?::uuid[], ?::int[]) AS c(id, attempt)
                             WHERE j.id = c.id AND j.attempt = c.attempt AND j.status = 'PENDING'
                            """);
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setArray(3, con.createArrayOf("uuid", jobIds.toArray()));
                    ps.setArray(4, con.createArrayOf("int4", attempts.toArray()));
                    return ps;
                });
    }

    /** Locks up to {@code limit} due rows that no other sweep holds; call inside a transaction. */
    List<DueJob> lockDue(Instant now, int limit) {
        return jdbc.query(
                """
                SELECT id, status, attempt, queue, connector, operation, params::text AS params, timeout_seconds,
                       correlation_id
                  FROM jobs
                 WHERE status IN ('PENDING', 'RETRY') AND dispatch_after <= ?
                 ORDER BY dispatch_after
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED
                """,
                (rs, n) -> new DueJob(
                        rs.getObject("id", UUID.class),
                        JobStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempt"),
                        rs.getString("queue"),
                        rs.getString("connector"),
                        rs.getString("operation"),
                        mapper.readValue(rs.getString("params"), PARAMS),
                        rs.getInt("timeout_seconds"),
                        rs.getString("correlation_id")),
                Timestamp.from(now),
                limit);
    }

    /** Records that the sweep published these rows (same transaction as {@link #lockDue}). */
    void markQueued(List<DueJob> published, Instant now) {
        jdbc.batchUpdate(
                """
                UPDATE jobs SET status = 'QUEUED', attempt = ?, dispatch_after = NULL, next_attempt_at = NULL,
                                published_at = ?, updated_at = ?
                 WHERE id = ? AND status IN ('PENDING', 'RETRY')
                """,
                published,
                500,
                (ps, job) -> {
                    ps.setInt(1, job.attemptToPublish());
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setObject(4, job.id());
                });
    }

    /** Postpones rows whose publication failed (same transaction as {@link #lockDue}). */
    void postpone(List<DueJob> failed, Instant until) {
        jdbc.batchUpdate(
                "UPDATE jobs SET dispatch_after = ? WHERE id = ?", failed, 500, (ps, job) -> {
                    ps.setTimestamp(1, Timestamp.from(until));
                    ps.setObject(2, job.id());
                });
    }
}
