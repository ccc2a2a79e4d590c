package dev.connectorjobs.api.job;

import static dev.connectorjobs.model.job.JobStatus.PENDING;

import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.model.job.OutcomeNotifications;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Re-drive in SQL: a finished job (FAILURE or REVOKED) becomes PENDING with the next attempt number
 * and a fresh retry budget. Its attempt rows stay, so the history shows every run; what described the
 * last end (result, error, revoke reason, finish time, checkpoint, eta and expiry) is cleared. The
 * status test and the change are one statement on a locked row, so two concurrent re-drives of one
 * job make one new attempt. Webhook deliveries of the previous end that are still pending are
 * superseded (the receiver gets the re-driven run's end instead of a document that is no longer
 * true), and the statement notifies {@link OutcomeNotifications#CHANNEL} so waiting status requests
 * see the change at once.
 */
@Repository
class RedriveRepository {

    /** The states a re-drive starts from, as SQL: {@code ('FAILURE', 'REVOKED')}. */
    static final String REDRIVABLE = JobTransitions.redrivable().stream()
            .map(JobStatus::name)
            .map(s -> "'" + s + "'")
            .sorted()
            .collect(Collectors.joining(", ", "(", ")"));

    static {
        JobTransitions.redrivable().forEach(from -> JobTransitions.check(from, PENDING));
    }

    /** What a re-drive sets; {@code :now}, {@code :dispatchAfter} and {@code :maxRetries} are bound. */
    private static final String SET = """
               SET status = 'PENDING', attempt = j.attempt + 1, retries_used = 0, lost_count = 0,
                   max_retries = coalesce(CAST(:maxRetries AS integer), j.max_retries),
                   redrive_count = j.redrive_count + 1, result = NULL, result_truncated = false,
                   error_type = NULL, error_message = NULL, progress = NULL, worker_id = NULL,
                   started_at = NULL, finished_at = NULL, lease_expires_at = NULL, revoked_at = NULL,
                   revoke_reason = NULL, checkpoint = NULL, checkpoint_at = NULL, eta = NULL, expires_at = NULL,
                   published_at = NULL, next_attempt_at = :now, dispatch_after = :dispatchAfter, updated_at = :now
            """;

    private static final String SUPERSEDE = """
            superseded AS (
                UPDATE webhook_deliveries d
                   SET state = 'FAILED', next_attempt_at = :now,
                       last_error = 'superseded: the job was re-driven before this delivery succeeded;'
                                    || ' the end of the re-driven run is delivered instead'
                  FROM changed
                 WHERE d.job_id = changed.id AND d.state = 'PENDING'
            )
            """;

    private static final String ONE = """
            WITH prev AS (
                SELECT id, status, attempt FROM jobs WHERE id = :id FOR UPDATE
            ), changed AS (
                UPDATE jobs j
            %s
                  FROM prev
                 WHERE j.id = prev.id AND prev.status IN %s
                RETURNING j.id, j.attempt, j.queue, j.connector, j.operation, j.correlation_id, j.max_retries
            ), %s
            SELECT prev.status AS previous, prev.attempt AS previous_attempt, changed.attempt, changed.queue,
                   changed.connector, changed.operation, changed.correlation_id, changed.max_retries,
                   CASE WHEN changed.id IS NOT NULL THEN pg_notify('%s', '')::text END AS notified
              FROM prev LEFT JOIN changed ON changed.id = prev.id
            """.formatted(SET, REDRIVABLE, SUPERSEDE, OutcomeNotifications.CHANNEL);

    private final JdbcClient jdbc;

    RedriveRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The outcome of re-driving one job.
     *
     * @param previous the status before
     * @param redriven the job's new attempt, when this call re-drove it
     */
    record One(JobStatus previous, int previousAttempt, Optional<Redriven> redriven) {}

    /** A job a re-drive made PENDING again, with what its publication needs. */
    record Redriven(
            UUID id,
            int attempt,
            String queue,
            String connector,
            String operation,
            String correlationId,
            int maxRetries) {}

    /**
     * Re-drives one job if it is FAILURE or REVOKED.
     *
     * @return empty when there is no such job
     */
    Optional<One> redrive(UUID id, @Nullable Integer maxRetries, Instant now, Instant dispatchAfter) {
        return jdbc.sql(ONE)
                .param("id", id)
                .param("maxRetries", maxRetries)
                .param("now", Timestamp.from(now))
                .param("dispatchAfter", Timestamp.from(dispatchAfter))
                .query((rs, n) -> {
                    String queue = rs.getString("queue");
                    Optional<Redriven> redriven = queue == null
                            ? Optional.empty()
                            : Optional.of(new Redriven(
                                    id,
                                    rs.getInt("attempt"),
                                    queue,
                                    rs.getString("connector"),
                                    rs.getString("operation"),
                                    rs.getString("correlation_id"),
                                    rs.getInt("max_retries")));
                    return new One(
                            JobStatus.valueOf(rs.getString("previous")), rs.getInt("previous_attempt"), redriven);
                })
                .optional();
    }

    /**
     * Re-drives up to {@code limit} jobs that match {@code filter} (and belong to {@code clientId}
     * when given), with ids above {@code after}, in id order, in one statement; jobs another
     * transaction holds are skipped. The dispatcher publishes them (they are due at once).
     *
     * @return the jobs re-driven, in id order
     */
    List<Redriven> redriveChunk(
            TaskFilter filter,
            @Nullable String clientId,
            UUID after,
            int limit,
            @Nullable Integer maxRetries,
            Instant now) {
        StringBuilder where = new StringBuilder("id > :after");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("after", after);
        where.append(
                filter.status().map(s -> " AND status = '" + s.name() + "'").orElse(" AND status IN " + REDRIVABLE));
        if (clientId != null) {
            where.append(" AND client_id = :clientId");
            params.put("clientId", clientId);
        }
        filter.connector().ifPresent(c -> {
            where.append(" AND connector = :connector");
            params.put("connector", c);
        });
        filter.operation().ifPresent(o -> {
            where.append(" AND operation = :operation");
            params.put("operation", o);
        });
        filter.errorType().ifPresent(e -> {
            where.append(" AND error_type = :errorType");
            params.put("errorType", e);
        });
        filter.since().ifPresent(t -> {
            where.append(" AND created_at >= :since AND id >= :sinceId");
            params.put("since", Timestamp.from(t));
            params.put("sinceId", JobIds.firstAt(t));
        });
        filter.until().ifPresent(t -> {
            where.append(" AND created_at < :until AND id < :untilId");
            params.put("until", Timestamp.from(t));
            params.put("untilId", JobIds.firstAt(t.plus(JobIds.CREATED_AT_SLACK)));
        });
        String sql = """
                WITH picked AS (
                    SELECT id FROM jobs WHERE %s
                     ORDER BY id
                     LIMIT :limit
                       FOR UPDATE SKIP LOCKED
                ), changed AS (
                    UPDATE jobs j
                %s
                      FROM picked
                     WHERE j.id = picked.id AND j.status IN %s
                    RETURNING j.id, j.attempt, j.queue, j.connector, j.operation, j.correlation_id, j.max_retries
                ), %s
                SELECT changed.*, pg_notify('%s', '')::text AS notified FROM changed ORDER BY id
                """.formatted(where, SET, REDRIVABLE, SUPERSEDE, OutcomeNotifications.CHANNEL);
        params.put("limit", limit);
        params.put("maxRetries", maxRetries);
        params.put("now", Timestamp.from(now));
        params.put("dispatchAfter", Timestamp.from(now));
        return jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new Redriven(
                        rs.getObject("id", UUID.class),
                        rs.getInt("attempt"),
                        rs.getString("queue"),
                        rs.getString("connector"),
                        rs.getString("operation"),
                        rs.getString("correlation_id"),
                        rs.getInt("max_retries")))
                .list();
    }
}
