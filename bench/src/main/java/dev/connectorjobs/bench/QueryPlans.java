package dev.connectorjobs.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plans PostgreSQL chooses for the api-gateway's status lookup and retention sweep, so a report
 * shows that a lookup is a primary-key probe however large the history grows. The statements are
 * those of the api-gateway's {@code JobRepository.find} (the job with its attempts) and {@code
 * RetentionSweeper.SWEEP} (which rows a batch deletes); {@code QueryPlansTest} checks that they are
 * the same.
 */
final class QueryPlans {

    static final String LOOKUP = """
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
              FROM jobs WHERE id = ?
            """;
    static final String SWEEP_BATCH = """
            SELECT id FROM jobs
             WHERE id < ? AND status IN ('SUCCESS', 'FAILURE', 'REVOKED') AND finished_at < ?
             ORDER BY id
             LIMIT 5000
               FOR UPDATE SKIP LOCKED
            """;

    /**
     * The api-gateway's backlog gauges ({@code BacklogGauges.QUERY}), with positional parameters:
     * now five times, the breaker's and the limits' error types, now, the breaker's error type, now,
     * the limits' error types, now three times.
     */
    static final String BACKLOG = """
            SELECT queue, connector,
                   count(*) FILTER (WHERE status = 'QUEUED'
                                       OR (status = 'PENDING' AND NOT coalesce(next_attempt_at > ?, false))
                                       OR (status = 'RETRY' AND next_attempt_at <= ?)) AS ready,
                   min(coalesce(next_attempt_at, created_at)) FILTER (WHERE status = 'QUEUED'
                                       OR (status = 'PENDING' AND NOT coalesce(next_attempt_at > ?, false))
                                       OR (status = 'RETRY' AND next_attempt_at <= ?)) AS ready_since,
                   count(*) FILTER (WHERE status = 'QUEUED') AS queued,
                   count(*) FILTER (WHERE status = 'STARTED') AS running,
                   count(*) FILTER (WHERE status = 'RETRY' AND next_attempt_at > ?
                                      AND error_type IS DISTINCT FROM ?
                                      AND error_type IS DISTINCT FROM ?
                                      AND error_type IS DISTINCT FROM ?) AS retry_waiting,
                   count(*) FILTER (WHERE status = 'RETRY' AND next_attempt_at > ?
                                      AND error_type = ?) AS held_breaker,
                   count(*) FILTER (WHERE status = 'RETRY' AND NOT coalesce(next_attempt_at <= ?, false)
                                      AND error_type IN (?, ?)) AS held_limit,
                   count(*) FILTER (WHERE status = 'PENDING' AND dispatch_after > ?
                                      AND (eta IS NULL OR dispatch_after <> eta)) AS unconfirmed,
                   min(updated_at) FILTER (WHERE status = 'PENDING'
                                      AND dispatch_after > ?
                                      AND (eta IS NULL OR dispatch_after <> eta)) AS unconfirmed_since,
                   count(*) FILTER (WHERE status = 'PENDING' AND next_attempt_at > ?) AS scheduled
              FROM jobs
             WHERE status IN ('PENDING', 'QUEUED', 'RETRY', 'STARTED')
             GROUP BY queue, connector
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private QueryPlans() {}

    /**
     * One statement's plan.
     *
     * @param query what the statement does
     * @param node the top plan node below any Limit, Sort or LockRows, e.g. "Index Scan"
     * @param index the index that node reads, if any
     * @param executionMs execution time when the statement ran ({@code ANALYZE}); empty for a plain EXPLAIN
     * @param sharedHit shared buffers found in PostgreSQL's cache
     * @param sharedRead shared buffers read from the operating system
     */
    record Plan(
            String query,
            String node,
            Optional<String> index,
            Optional<Double> executionMs,
            long sharedHit,
            long sharedRead) {

        @Override
        public String toString() {
            return "%s: %s%s%s"
                    .formatted(
                            query,
                            node,
                            index.map(i -> " using " + i).orElse(""),
                            executionMs
                                    .map(ms -> ", %.3f ms, buffers hit %d read %d".formatted(ms, sharedHit, sharedRead))
                                    .orElse(""));
        }
    }

    /** {@code EXPLAIN (ANALYZE, BUFFERS)} of the lookup statement for one job. */
    static List<Plan> lookup(Connection connection, UUID id) throws SQLException {
        List<Plan> plans = new ArrayList<>();
        plans.add(explain(connection, "lookup", "ANALYZE, BUFFERS, ", LOOKUP, id));
        return plans;
    }

    /** {@code EXPLAIN (ANALYZE, BUFFERS)} of the backlog gauges' query. */
    static Plan backlog(Connection connection, Instant now) throws SQLException {
        Timestamp at = Timestamp.from(now);
        return explain(
                connection,
                "backlog gauges",
                "ANALYZE, BUFFERS, ",
                BACKLOG,
                at,
                at,
                at,
                at,
                at,
                "CircuitOpen",
                "ConcurrencyLimitReached",
                "StartRateLimitReached",
                at,
                "CircuitOpen",
                at,
                "ConcurrencyLimitReached",
                "StartRateLimitReached",
                at,
                at,
                at);
    }

    /** {@code EXPLAIN} (without running it) of one batch of the retention sweep. */
    static Plan sweep(Connection connection, Instant cutoff) throws SQLException {
        return explain(connection, "sweep batch", "", SWEEP_BATCH, sweepBound(cutoff), Timestamp.from(cutoff));
    }

    /**
     * The id bound of a sweep with this cutoff, as the api-gateway computes it: the lowest id of the
     * millisecond one second after the cutoff ({@code JobIds.firstAt}).
     */
    static UUID sweepBound(Instant cutoff) {
        return new UUID(cutoff.plusSeconds(1).toEpochMilli() << 16, 0L);
    }

    private static Plan explain(Connection connection, String query, String options, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (" + options + "FORMAT JSON) " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = explain.executeQuery()) {
                rows.next();
                return parse(query, rows.getString(1));
            }
        }
    }

    /** The index a node reads, or (for a bitmap heap scan) the first index one of its inputs reads. */
    private static Optional<String> indexIn(JsonNode node) {
        JsonNode index = node.get("Index Name");
        if (index != null) {
            return Optional.of(index.asString());
        }
        for (JsonNode input : node.path("Plans")) {
            Optional<String> found = indexIn(input);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Reads a plan from {@code EXPLAIN (FORMAT JSON)} output. */
    static Plan parse(String query, String json) {
        JsonNode root = JSON.readTree(json).path(0);
        JsonNode top = root.path("Plan");
        JsonNode node = top;
        while (List.of("Limit", "Sort", "LockRows", "Aggregate")
                        .contains(node.path("Node Type").asString(""))
                && node.path("Plans").has(0)) {
            node = node.path("Plans").path(0);
        }
        JsonNode execution = root.get("Execution Time");
        return new Plan(
                query,
                node.path("Node Type").asString("?"),
                indexIn(node),
                Optional.ofNullable(execution).map(JsonNode::asDouble),
                top.path("Shared Hit Blocks").asLong(0),
                top.path("Shared Read Blocks").asLong(0));
    }
}
