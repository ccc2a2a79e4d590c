package dev.connectorjobs.api.job;

import static dev.connectorjobs.model.job.JobStatus.REVOKED;

import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.model.job.OutcomeNotifications;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Job rows as the API writes and reads them. */
@Repository
class JobRepository {

    /** A batch of new jobs, one array per column; a held idempotency key skips its row. */
    private static final String INSERT = """
            INSERT INTO jobs (id, queue, connector, operation, params, status, attempt, max_retries,
                              timeout_seconds, correlation_id, client_id, idempotency_key,
                              request_hash, created_at, updated_at, dispatch_after, callback_url,
                              callback_secret, eta, expires_at, next_attempt_at, traceparent, priority)
            SELECT id, queue, connector, operation, params::jsonb, 'PENDING', 1, max_retries,
                   timeout_seconds, correlation_id, client_id, idempotency_key, request_hash,
                   created_at, created_at, dispatch_after, callback_url, callback_secret, eta, expires_at,
                   CASE WHEN eta > created_at THEN eta END, traceparent, priority
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                          ?::timestamptz[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                          ?::text[], ?::int2[])
                   AS t(id, queue, connector, operation, params, max_retries, timeout_seconds,
                        correlation_id, client_id, idempotency_key, request_hash, created_at,
                        dispatch_after, callback_url, callback_secret, eta, expires_at, traceparent, priority)
            ON CONFLICT ((coalesce(client_id, '')), idempotency_key)
               WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id
            """;

    private static final String REVOCABLE = JobTransitions.sourcesOf(REVOKED).stream()
            .map(s -> "'" + s.name() + "'")
            .sorted()
            .collect(Collectors.joining(", ", "(", ")"));

    /**
     * A job with its finished attempts as a JSON array (null when there are none), by primary key.
     * The bench's {@code QueryPlans} explains this statement; a bench test keeps the two equal.
     */
    static final String STATUS_LOOKUP = """
            SELECT id, status, result, error_type, error_message, progress, connector, operation, queue, attempt,
                   max_retries, timeout_seconds, result_truncated, created_at, started_at, finished_at, next_attempt_at,
                   worker_id, correlation_id, revoke_reason, checkpoint, eta, expires_at, redrive_count, priority,
                   (SELECT json_agg(json_build_object(
                               'attempt', a.attempt, 'worker_id', a.worker_id, 'started_at', a.started_at,
                               'finished_at', a.finished_at, 'outcome', a.outcome, 'error_type', a.error_type,
                               'error_message', a.error_message, 'http_status', a.http_status,
                               'duration_ms', a.duration_ms,
                               'remote_cancel', (SELECT json_build_object(
                                                        'action', r.action, 'reason', r.reason, 'outcome', r.outcome,
                                                        'detail', r.detail, 'finished_at', r.finished_at)
                                                   FROM job_remote_cancels r
                                                  WHERE r.job_id = a.job_id AND r.attempt = a.attempt))
                               ORDER BY a.attempt)
                      FROM job_attempts a WHERE a.job_id = jobs.id) AS attempts,
                   callback_url,
                   CASE WHEN callback_url IS NOT NULL THEN
                       (SELECT json_agg(json_build_object(
                                   'job_status', d.job_status, 'state', d.state, 'attempts', d.attempts,
                                   'created_at', d.created_at, 'delivered_at', d.delivered_at,
                                   'next_attempt_at', CASE WHEN d.state = 'PENDING' THEN d.next_attempt_at END,
                                   'last_http_status', d.last_http_status, 'last_error', d.last_error,
                                   'history', d.history)
                                   ORDER BY d.seq)
                          FROM webhook_deliveries d WHERE d.job_id = jobs.id)
                   END AS deliveries
              FROM jobs WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ObjectMapper mapper;

    JobRepository(JdbcClient jdbc, JdbcTemplate template, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.template = template;
        this.mapper = mapper;
    }

    /**
     * Inserts jobs in one statement (atomic on its own), skipping those whose idempotency key the
     * same client already holds, in the database or earlier in the same list.
     *
     * @return the ids of the rows inserted
     */
    Set<UUID> insert(List<NewJob> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        Set<UUID> inserted = new HashSet<>();
        template.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(INSERT);
                    // Null elements are SQL NULLs (anonymous client, no idempotency key).
                    Object[][] columns = {
                        column(batch, NewJob::id),
                        column(batch, job -> job.submission().queue()),
                        column(batch, job -> job.submission().connector()),
                        column(batch, job -> job.submission().operation()),
                        column(
                                batch,
                                job -> mapper.writeValueAsString(
                                        job.submission().params())),
                        column(batch, job -> job.submission().maxRetries()),
                        column(batch, job -> job.submission().timeoutSeconds()),
                        column(batch, NewJob::correlationId),
                        column(batch, NewJob::clientId),
                        column(batch, NewJob::idempotencyKey),
                        column(batch, NewJob::requestHash),
                        column(batch, job -> Timestamp.from(job.createdAt())),
                        column(batch, job -> Timestamp.from(job.dispatchAfter())),
                        column(batch, job -> ofCallback(job, Callback::url)),
                        column(batch, job -> ofCallback(job, Callback::secret)),
                        column(batch, job -> timestamp(job.submission().timing().eta())),
                        column(batch, job -> timestamp(job.submission().timing().expiresAt())),
                        column(batch, NewJob::traceparent),
                        column(batch, job -> (short) job.submission().priority())
                    };
                    String[] types = {
                        "uuid",
                        "text",
                        "text",
                        "text",
                        "text",
                        "int4",
                        "int4",
                        "text",
                        "text",
                        "text",
                        "text",
                        "timestamptz",
                        "timestamptz",
                        "text",
                        "text",
                        "timestamptz",
                        "timestamptz",
                        "text",
                        "int2"
                    };
                    for (int c = 0; c < types.length; c++) {
                        ps.setArray(c + 1, con.createArrayOf(types[c], columns[c]));
                    }
                    return ps;
                },
                (ResultSet rs) -> {
                    inserted.add(rs.getObject("id", UUID.class));
                });
        return inserted;
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** A part of the job's callback, or null when it has none. */
    private static @Nullable String ofCallback(NewJob job, Function<Callback, String> part) {
        Callback callback = job.submission().callback();
        return callback == null ? null : part.apply(callback);
    }

    /** One column of a batch, bound as one array parameter of {@link #INSERT}. */
    private static @Nullable Object[] column(List<NewJob> batch, Function<NewJob, @Nullable Object> value) {
        @Nullable Object[] column = new @Nullable Object[batch.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(batch.get(i));
        }
        return column;
    }

    /** The job that holds an idempotency key for a client, with the hash of its request. */
    Optional<IdempotentMatch> findByIdempotencyKey(@Nullable String clientId, String key) {
        return jdbc.sql("""
                        SELECT id, status, request_hash FROM jobs
                         WHERE coalesce(client_id, '') = :client AND idempotency_key = :key
                        """)
                .param("client", clientId == null ? "" : clientId)
                .param("key", key)
                .query((rs, n) -> new IdempotentMatch(
                        rs.getObject("id", UUID.class), rs.getString("status"), rs.getString("request_hash")))
                .optional();
    }

    /** A job found by its idempotency key. */
    record IdempotentMatch(UUID id, String status, @Nullable String requestHash) {}

    /** {@link #STATUS_LOOKUP} for many jobs at once. */
    static final String STATUS_LOOKUP_MANY = STATUS_LOOKUP.replace("WHERE id = :id", "WHERE id = ANY(?)");

    /** The current status of each of {@code ids} that exists. */
    Map<UUID, String> statuses(Collection<UUID> ids) {
        Map<UUID, String> statuses = new HashMap<>();
        template.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement("SELECT id, status FROM jobs WHERE id = ANY(?)");
                    ps.setArray(1, con.createArrayOf("uuid", ids.toArray()));
                    return ps;
                },
                (ResultSet rs) -> {
                    statuses.put(rs.getObject("id", UUID.class), rs.getString("status"));
                });
        return statuses;
    }

    /** The jobs among {@code ids} that exist, each with its attempts, in one statement. */
    List<JobView> findAll(Collection<UUID> ids) {
        return template.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(STATUS_LOOKUP_MANY);
                    ps.setArray(1, con.createArrayOf("uuid", ids.toArray()));
                    return ps;
                },
                (rs, n) -> view(rs));
    }

    /** The job and its finished attempts, in one statement (one round trip per status lookup). */
    Optional<JobView> find(UUID id) {
        return jdbc.sql(STATUS_LOOKUP)
                .param("id", id)
                .query((rs, n) -> view(rs))
                .optional();
    }

    private List<AttemptView> attempts(JobView job, @Nullable String finished) {
        List<AttemptView> history = new ArrayList<>();
        if (finished != null) {
            for (JsonNode a : mapper.readTree(finished)) {
                history.add(new AttemptView(
                        a.get("attempt").asInt(),
                        a.get("worker_id").asString(),
                        instant(a.get("started_at")),
                        instant(a.get("finished_at")),
                        text(a.get("outcome")),
                        text(a.get("error_type")),
                        text(a.get("error_message")),
                        a.get("http_status").isNull()
                                ? null
                                : a.get("http_status").asInt(),
                        a.get("duration_ms").asLong(),
                        a.path("remote_cancel").isObject() ? a.get("remote_cancel") : null));
            }
        }
        boolean running = JobStatus.STARTED.name().equals(job.status());
        if (running && job.workerId() != null && job.startedAt() != null) {
            history.add(new AttemptView(
                    job.attempt(), job.workerId(), job.startedAt(), null, null, null, null, null, null, null));
        }
        return history;
    }

    private static @Nullable String text(JsonNode node) {
        return node.isNull() ? null : node.asString();
    }

    /** A timestamp as PostgreSQL writes it into JSON: ISO 8601 with an offset, e.g. 2026-11-29T04:23:38.1+00:00. */
    private static Instant instant(JsonNode node) {
        return OffsetDateTime.parse(node.asString()).toInstant();
    }

    /** A job's stored parameters; empty when there is no such job. */
    Optional<JsonNode> params(UUID id) {
        return jdbc.sql("SELECT params::text AS params FROM jobs WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> mapper.readTree(rs.getString("params")))
                .optional();
    }

    /** The client that submitted a job: empty outer when there is no such job, empty inner when anonymous. */
    Optional<Optional<String>> clientOf(UUID id) {
        return jdbc.sql("SELECT client_id FROM jobs WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> Optional.ofNullable(rs.getString("client_id")))
                .optional();
    }

    /** Names the revoked job on the outcome channel, in the revocation's transaction. */
    private static final String NOTIFY_REVOKED = " (SELECT count(pg_notify('" + OutcomeNotifications.CHANNEL
            + "', id::text)::text) FROM changed) AS notified";

    /**
     * Revokes a job that has not finished, in one statement, and notifies {@link OutcomeNotifications#CHANNEL}
     * naming it, so that requests waiting for it are answered at once.
     *
     * @return the state before the revocation, or empty if there is no such job
     */
    Optional<Revocation> revoke(UUID id, @Nullable String reason, Instant now) {
        return jdbc.sql("""
                        WITH prev AS (
                            SELECT id, status, attempt, worker_id, queue, connector, operation
                              FROM jobs WHERE id = :id FOR UPDATE
                        ), changed AS (
                            UPDATE jobs j
                               SET status = 'REVOKED', revoked_at = :now, revoke_reason = :reason,
                                   finished_at = :now, updated_at = :now, dispatch_after = NULL,
                                   next_attempt_at = NULL, lease_expires_at = NULL
                              FROM prev
                             WHERE j.id = prev.id AND prev.status IN""" + REVOCABLE + """

                            RETURNING j.id
                        )
                        SELECT prev.status, prev.attempt, prev.worker_id, prev.queue, prev.connector, prev.operation,
                               (SELECT count(*) FROM changed) AS changed,""" + NOTIFY_REVOKED + """

                          FROM prev
                        """)
                .param("id", id)
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Revocation(
                        JobStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempt"),
                        rs.getString("worker_id"),
                        rs.getInt("changed") == 1,
                        rs.getString("queue"),
                        rs.getString("connector"),
                        rs.getString("operation")))
                .optional();
    }

    /**
     * The outcome of a revoke request.
     *
     * @param previous the status before
     * @param attempt the attempt at that time
     * @param workerId the worker that ran it, if it was running
     * @param changed whether this call revoked it
     * @param queue the job's queue
     * @param connector the job's connector
     * @param operation the job's operation
     */
    record Revocation(
            JobStatus previous,
            int attempt,
            @Nullable String workerId,
            boolean changed,
            String queue,
            String connector,
            String operation) {}

    /**
     * Jobs matching a filter, newest first, after the keyset cursor. Newest first is descending id:
     * ids are version 7 UUIDs that start with the creation millisecond, so the primary key (or
     * {@code jobs_status_id}, {@code jobs_connector_id} with a filter) serves the order, and the
     * time bounds become id bounds on the same index.
     */
    List<JobSummary> list(TaskFilter filter, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, status, connector, operation, queue, attempt, created_at, started_at, finished_at,
                       worker_id, error_type
                  FROM jobs WHERE true
                """);
        var params = new java.util.LinkedHashMap<String, Object>();
        filter.status().ifPresent(s -> {
            sql.append(" AND status = :status");
            params.put("status", s.name());
        });
        filter.connector().ifPresent(c -> {
            sql.append(" AND connector = :connector");
            params.put("connector", c);
        });
        filter.operation().ifPresent(o -> {
            sql.append(" AND operation = :operation");
            params.put("operation", o);
        });
        filter.errorType().ifPresent(e -> {
            sql.append(" AND error_type = :errorType");
            params.put("errorType", e);
        });
        filter.since().ifPresent(t -> {
            sql.append(" AND created_at >= :since AND id >= :sinceId");
            params.put("since", Timestamp.from(t));
            params.put("sinceId", JobIds.firstAt(t));
        });
        filter.until().ifPresent(t -> {
            sql.append(" AND created_at < :until AND id < :untilId");
            params.put("until", Timestamp.from(t));
            params.put("untilId", JobIds.firstAt(t.plus(JobIds.CREATED_AT_SLACK)));
        });
        filter.after().ifPresent(c -> {
            sql.append(" AND id < :cursorId");
            params.put("cursorId", c.id());
        });
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new JobSummary(
                        rs.getObject("id", UUID.class),
                        rs.getString("status"),
                        rs.getString("connector"),
                        rs.getString("operation"),
                        rs.getString("queue"),
                        rs.getInt("attempt"),
                        requiredInstant(rs, "created_at"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at"),
                        rs.getString("worker_id"),
                        rs.getString("error_type")))
                .list();
    }

    /** A row of {@link #STATUS_LOOKUP}: the job, its checkpoint and its attempts. */
    private JobView view(ResultSet rs) throws SQLException {
        JobView job = row(rs);
        return job.withAttempts(attempts(job, rs.getString("attempts")));
    }

    private JobView row(ResultSet rs) throws SQLException {
        String errorType = rs.getString("error_type");
        String errorMessage = rs.getString("error_message");
        String status = rs.getString("status");
        return new JobView(
                rs.getObject("id", UUID.class),
                status,
                json(rs.getString("result")),
                errorType == null ? null : errorType + ": " + errorMessage,
                json(rs.getString("progress")),
                rs.getString("connector"),
                rs.getString("operation"),
                rs.getString("queue"),
                rs.getInt("attempt"),
                rs.getInt("max_retries"),
                rs.getInt("timeout_seconds"),
                rs.getInt("priority"),
                errorType,
                rs.getBoolean("result_truncated"),
                requiredInstant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                JobStatus.RETRY.name().equals(status) ? instant(rs, "next_attempt_at") : null,
                rs.getString("worker_id"),
                rs.getString("correlation_id"),
                rs.getString("revoke_reason"),
                json(rs.getString("checkpoint")),
                instant(rs, "eta"),
                instant(rs, "expires_at"),
                rs.getInt("redrive_count"),
                callbackView(rs),
                List.of());
    }

    /** The callback of a row of {@link #STATUS_LOOKUP} and its deliveries so far, if it has one. */
    private @Nullable CallbackView callbackView(ResultSet rs) throws SQLException {
        String url = rs.getString("callback_url");
        if (url == null) {
            return null;
        }
        JsonNode deliveries = json(rs.getString("deliveries"));
        return new CallbackView(url, deliveries == null ? mapper.createArrayNode() : deliveries);
    }

    private @Nullable JsonNode json(@Nullable String text) {
        return text == null ? null : mapper.readTree(text);
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    /** The value of a {@code NOT NULL} timestamp column. */
    private static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
        return Objects.requireNonNull(instant(rs, column), () -> column + " is NOT NULL in the schema");
    }
}
