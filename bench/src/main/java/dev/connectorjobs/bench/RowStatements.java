package dev.connectorjobs.bench;

/**
 * Copies of the hot path's statements for {@link RowWork}, each named after the application
 * constant it copies; {@code RowWorkTest} keeps every copy equal to its original.
 */
final class RowStatements {

    private RowStatements() {}

    /** {@code JobRepository.INSERT}. */
    static final String INSERT = """
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

    /** {@code OutcomeRepository.NOTIFY}: notifications naming the jobs of a committed outcome batch. */
    static final String NOTIFY = "SELECT pg_notify('job_outcomes', ?)::text";

    /** {@code DispatchRepository.CONFIRM}. */
    static final String CONFIRM = """
            UPDATE jobs j
               SET status = 'QUEUED', dispatch_after = NULL, published_at = ?, updated_at = ?
              FROM unnest(?::uuid[], ?::int[]) AS c(id, attempt)
             WHERE j.id = c.id AND j.attempt = c.attempt AND (j.status = 'PENDING') IS TRUE
            """;

    /** {@code ClaimRepository.CLAIM}. */
    static final String CLAIM = """
            UPDATE jobs j
               SET status = 'STARTED', worker_id = ?, started_at = ?, updated_at = ?,
                   lease_expires_at = now() + ? * interval '1 millisecond', dispatch_after = NULL,
                   published_at = coalesce(j.published_at, ?), progress = NULL
              FROM unnest(?::uuid[], ?::int[]) AS c(id, attempt)
             WHERE j.id = c.id AND j.attempt = c.attempt AND (j.status IN ('PENDING', 'QUEUED')) IS TRUE
               AND (j.expires_at IS NULL OR j.expires_at > ?)
            RETURNING j.id, j.attempt, j.queue, j.connector, j.operation, j.params::text AS params,
                      j.timeout_seconds, j.max_retries, j.retries_used, j.correlation_id, j.checkpoint::text AS checkpoint,
                      j.created_at, coalesce(j.next_attempt_at, j.created_at) AS eligible_at, j.traceparent
            """;

    /** {@code OutcomeRepository.UPDATE_SUCCESSES}. */
    static final String SUCCESSES = """
            UPDATE jobs j
               SET status = 'SUCCESS', result = s.result::jsonb, result_truncated = s.truncated,
                   error_type = NULL, error_message = NULL, finished_at = s.finished_at::timestamptz,
                   updated_at = s.finished_at::timestamptz, lease_expires_at = NULL, lost_count = 0
              FROM unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::bool[], ?::text[])
                   AS s(id, attempt, worker_id, result, truncated, finished_at)
             WHERE j.id = s.id AND j.attempt = s.attempt AND j.worker_id = s.worker_id
               AND (j.status = 'STARTED') IS TRUE
            RETURNING j.id, j.attempt
            """;

    /** {@code OutcomeRepository.INSERT_ATTEMPT}, sent as one JDBC batch (rewritten into one insert). */
    static final String ATTEMPT = """
            INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome,
                                      error_type, error_message, http_status, duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (job_id, attempt) DO NOTHING
            """;
}
