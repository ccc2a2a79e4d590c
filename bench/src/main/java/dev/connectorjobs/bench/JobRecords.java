package dev.connectorjobs.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What PostgreSQL recorded about the run's jobs: their rows in {@code jobs} and their attempt
 * history in {@code job_attempts}, read in chunks once every job is terminal.
 *
 * @param jobs job rows by id; an accepted id without an entry has no row
 * @param attempts attempt rows of those jobs
 */
record JobRecords(Map<UUID, JobRow> jobs, List<AttemptRow> attempts) {

    static final int CHUNK = 10_000;

    /**
     * A job's row, as far as the bench is concerned.
     *
     * @param status {@code jobs.status}
     * @param attempt the current (or last) attempt number
     * @param createdAt when the API stored the job
     * @param startedAt when the current attempt started
     * @param finishedAt when the job finished
     */
    record JobRow(
            UUID id,
            String status,
            int attempt,
            Instant createdAt,
            Optional<Instant> startedAt,
            Optional<Instant> finishedAt) {}

    /**
     * One row of {@code job_attempts}.
     *
     * @param workerId the worker that ran the attempt; for a {@code WORKER_LOST} row, the lost one
     * @param startedAt when the attempt started
     */
    record AttemptRow(UUID jobId, int attempt, String outcome, String workerId, Instant startedAt) {}

    JobRecords {
        jobs = Map.copyOf(jobs);
        attempts = List.copyOf(attempts);
    }

    static JobRecords read(Connection connection, List<UUID> ids) throws SQLException {
        Map<UUID, JobRow> jobs = new HashMap<>(ids.size() * 2);
        List<AttemptRow> attempts = new ArrayList<>(ids.size());
        try (PreparedStatement jobQuery = connection.prepareStatement(
                        "SELECT id, status, attempt, created_at, started_at, finished_at FROM jobs WHERE id = ANY(?)");
                PreparedStatement attemptQuery = connection.prepareStatement(
                        "SELECT job_id, attempt, outcome, worker_id, started_at FROM job_attempts WHERE job_id = ANY(?)")) {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                Array array = connection.createArrayOf("uuid", chunk.toArray());
                try {
                    jobQuery.setArray(1, array);
                    try (ResultSet rows = jobQuery.executeQuery()) {
                        while (rows.next()) {
                            JobRow row = jobRow(rows);
                            jobs.put(row.id(), row);
                        }
                    }
                    attemptQuery.setArray(1, array);
                    try (ResultSet rows = attemptQuery.executeQuery()) {
                        while (rows.next()) {
                            attempts.add(new AttemptRow(
                                    rows.getObject(1, UUID.class),
                                    rows.getInt(2),
                                    rows.getString(3),
                                    rows.getString(4),
                                    rows.getObject(5, OffsetDateTime.class).toInstant()));
                        }
                    }
                } finally {
                    array.free();
                }
            }
        }
        return new JobRecords(jobs, attempts);
    }

    private static JobRow jobRow(ResultSet rows) throws SQLException {
        return new JobRow(
                rows.getObject("id", UUID.class),
                rows.getString("status"),
                rows.getInt("attempt"),
                rows.getObject("created_at", OffsetDateTime.class).toInstant(),
                instant(rows.getObject("started_at", OffsetDateTime.class)),
                instant(rows.getObject("finished_at", OffsetDateTime.class)));
    }

    private static Optional<Instant> instant(@Nullable OffsetDateTime timestamp) {
        return Optional.ofNullable(timestamp).map(OffsetDateTime::toInstant);
    }
}
