package dev.connectorjobs.api.job;

import dev.connectorjobs.model.job.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Job rows as the API writes and reads them. */
@Repository
class JobRepository {

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    JobRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    void insert(NewJob job) {
        JobSubmission s = job.submission();
        jdbc.sql("""
                        INSERT INTO jobs (id, queue, connector, operation, params, status, attempt, max_retries,
                                          timeout_seconds, correlation_id, created_at, updated_at, dispatch_after)
                        VALUES (:id, :queue, :connector, :operation, :params::jsonb, :status, 1, :maxRetries,
                                :timeout, :correlationId, :createdAt, :createdAt, :dispatchAfter)
                        """)
                .param("id", job.id())
                .param("queue", s.queue())
                .param("connector", s.connector())
                .param("operation", s.operation())
                .param("params", mapper.writeValueAsString(s.params()))
                .param("status", JobStatus.PENDING.name())
                .param("maxRetries", s.maxRetries())
                .param("timeout", s.timeoutSeconds())
                .param("correlationId", job.correlationId())
                .param("createdAt", Timestamp.from(job.createdAt()))
                .param("dispatchAfter", Timestamp.from(job.dispatchAfter()))
                .update();
    }

    Optional<JobView> find(UUID id) {
        return jdbc.sql("""
                        SELECT id, status, result, error_type, error_message, progress, connector, operation, queue,
                               attempt, max_retries, timeout_seconds, result_truncated, created_at, started_at,
                               finished_at, next_attempt_at, worker_id, correlation_id
                        FROM jobs WHERE id = :id
                        """).param("id", id).query((rs, n) -> view(rs)).optional();
    }

    private JobView view(ResultSet rs) throws SQLException {
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
                errorType,
                rs.getBoolean("result_truncated"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                JobStatus.RETRY.name().equals(status) ? instant(rs, "next_attempt_at") : null,
                rs.getString("worker_id"),
                rs.getString("correlation_id"));
    }

    private @Nullable JsonNode json(@Nullable String text) {
        return text == null ? null : mapper.readTree(text);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
