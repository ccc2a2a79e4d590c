package dev.connectorjobs.api.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** The rows of {@code webhook_deliveries}: claimed when due, then recorded as delivered, retried or failed. */
@Repository
class WebhookDeliveries {

    /**
     * Due deliveries, taken by moving their next attempt past the lease (replicas skip each other's
     * rows), with their job's callback.
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT job_id, seq FROM webhook_deliveries
                 WHERE state = 'PENDING' AND next_attempt_at <= :now
                 ORDER BY next_attempt_at
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
            UPDATE webhook_deliveries d
               SET next_attempt_at = :leaseUntil, attempts = d.attempts + 1
              FROM due, jobs j
             WHERE d.job_id = due.job_id AND d.seq = due.seq AND j.id = d.job_id
            RETURNING d.job_id, d.seq, d.attempts, j.callback_url, j.callback_secret
            """;

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    WebhookDeliveries(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * One claimed delivery.
     *
     * @param attempt the number of this attempt, from 1
     */
    record Claimed(UUID jobId, int seq, int attempt, String url, String secret) {

        /** The {@code webhook-id}: the same for every attempt of one delivery, so receivers can drop repeats. */
        String id() {
            return jobId + "." + seq;
        }
    }

    List<Claimed> claim(int limit, Instant now, Duration lease) {
        return jdbc.sql(CLAIM)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .param("leaseUntil", Timestamp.from(now.plus(lease)))
                .query((rs, n) -> new Claimed(
                        rs.getObject("job_id", UUID.class),
                        rs.getInt("seq"),
                        rs.getInt("attempts"),
                        rs.getString("callback_url"),
                        rs.getString("callback_secret")))
                .list();
    }

    /**
     * Records the end of an attempt, if the delivery is still this attempt's (a delivery whose lease
     * passed may have been claimed again).
     *
     * @param state DELIVERED, PENDING (tried again at {@code nextAttempt}) or FAILED
     */
    void record(
            Claimed delivery,
            String state,
            Instant at,
            @Nullable Integer httpStatus,
            @Nullable String error,
            long durationMs,
            @Nullable Instant nextAttempt) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("attempt", delivery.attempt());
        entry.put("at", at.toString());
        entry.put("http_status", httpStatus);
        entry.put("error", error);
        entry.put("duration_ms", durationMs);
        jdbc.sql("""
                        UPDATE webhook_deliveries
                           SET state = :state, last_http_status = :httpStatus::int, last_error = :error::text,
                               delivered_at = CASE WHEN :state = 'DELIVERED' THEN :at::timestamptz END,
                               next_attempt_at = coalesce(:nextAttempt::timestamptz, next_attempt_at),
                               history = history || jsonb_build_array(:entry::jsonb)
                         WHERE job_id = :jobId AND seq = :seq AND attempts = :attempt AND state = 'PENDING'
                        """)
                .param("state", state)
                .param("httpStatus", httpStatus)
                .param("error", error)
                .param("at", Timestamp.from(at))
                .param("nextAttempt", nextAttempt == null ? null : Timestamp.from(nextAttempt))
                .param("entry", mapper.writeValueAsString(entry))
                .param("jobId", delivery.jobId())
                .param("seq", delivery.seq())
                .param("attempt", delivery.attempt())
                .update();
    }
}
