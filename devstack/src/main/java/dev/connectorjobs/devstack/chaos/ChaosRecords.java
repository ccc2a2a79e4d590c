package dev.connectorjobs.devstack.chaos;

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
 * What PostgreSQL recorded about the run's accepted jobs once the load stopped: their rows in
 * {@code jobs} and every attempt in {@code job_attempts} (a lost attempt gets its {@code
 * WORKER_LOST} row from the reaper, so every attempt that ended has one).
 *
 * @param jobs job rows by id; an accepted id without an entry has no row
 * @param attempts attempt rows of those jobs
 */
record ChaosRecords(Map<UUID, JobRow> jobs, List<AttemptRow> attempts) {

    static final String TERMINAL_SQL = "('SUCCESS', 'FAILURE', 'REVOKED')";
    private static final int CHUNK = 10_000;

    /**
     * A job's row.
     *
     * @param connector the connector, to tell keyed writes ({@code external_api}) from the rest
     * @param createdAt when the API stored it
     * @param finishedAt when it became terminal; empty while it is not
     */
    record JobRow(UUID id, String connector, String status, Instant createdAt, Optional<Instant> finishedAt) {}

    /** One row of {@code job_attempts}: one attempt of a job on one worker, from claim to outcome. */
    record AttemptRow(
            UUID jobId, int attempt, String workerId, Instant startedAt, Instant finishedAt, String outcome) {}

    ChaosRecords {
        jobs = Map.copyOf(jobs);
        attempts = List.copyOf(attempts);
    }

    static ChaosRecords read(Connection connection, List<UUID> ids) throws SQLException {
        Map<UUID, JobRow> jobs = new HashMap<>(ids.size() * 2);
        List<AttemptRow> attempts = new ArrayList<>(ids.size() * 2);
        try (PreparedStatement jobQuery = connection.prepareStatement(
                        "SELECT id, connector, status, created_at, finished_at FROM jobs WHERE id = ANY(?)");
                PreparedStatement attemptQuery = connection.prepareStatement(
                        "SELECT job_id, attempt, worker_id, started_at, finished_at, outcome"
                                + " FROM job_attempts WHERE job_id = ANY(?)")) {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                Array chunk = connection.createArrayOf(
                        "uuid",
                        ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray());
                jobQuery.setArray(1, chunk);
                try (ResultSet rows = jobQuery.executeQuery()) {
                    while (rows.next()) {
                        JobRow row = new JobRow(
                                rows.getObject(1, UUID.class),
                                rows.getString(2),
                                rows.getString(3),
                                instant(rows.getObject(4, OffsetDateTime.class)).orElseThrow(),
                                instant(rows.getObject(5, OffsetDateTime.class)));
                        jobs.put(row.id(), row);
                    }
                }
                attemptQuery.setArray(1, chunk);
                try (ResultSet rows = attemptQuery.executeQuery()) {
                    while (rows.next()) {
                        attempts.add(new AttemptRow(
                                rows.getObject(1, UUID.class),
                                rows.getInt(2),
                                rows.getString(3),
                                instant(rows.getObject(4, OffsetDateTime.class)).orElseThrow(),
                                instant(rows.getObject(5, OffsetDateTime.class)).orElseThrow(),
                                rows.getString(6)));
                    }
                }
                chunk.free();
            }
        }
        return new ChaosRecords(jobs, attempts);
    }

    /** How many of {@code ids} are not terminal yet (a job without a row counts as terminal: it is lost). */
    static int unfinished(Connection connection, List<UUID> ids) throws SQLException {
        int unfinished = 0;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM jobs WHERE id = ANY(?) AND status NOT IN " + TERMINAL_SQL)) {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                Array chunk = connection.createArrayOf(
                        "uuid",
                        ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray());
                query.setArray(1, chunk);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    unfinished += rows.getInt(1);
                }
                chunk.free();
            }
        }
        return unfinished;
    }

    private static Optional<Instant> instant(@Nullable OffsetDateTime timestamp) {
        return Optional.ofNullable(timestamp).map(OffsetDateTime::toInstant);
    }
}
