package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.model.job.JobStatus.REVOKED;
import static dev.connectorjobs.model.job.JobStatus.STARTED;

import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.model.job.OutcomeNotifications;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes of attempts' outcomes. {@link #apply(List)} writes a batch of fenced {@link OutcomeWrite}s
 * in one transaction: several successes in one statement, otherwise one JDBC batch of updates per
 * kind, then one batch of {@code job_attempts} rows for the updates that applied.
 */
@Repository
class OutcomeRepository {

    private static final String INSERT_ATTEMPT = """
            INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome,
                                      error_type, error_message, http_status, duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (job_id, attempt) DO NOTHING
            """;

    /**
     * The successes of a batch, joined from arrays in the writes' lock order. The fence is {@link
     * OutcomeWrite#FENCE}'s: the row must still be this attempt's, this worker's and STARTED.
     */
    private static final String NOTIFY = OutcomeNotifications.NOTIFY;

    private static final String UPDATE_SUCCESSES = """
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

    /** PostgreSQL orders uuids bytewise; rows are locked in that order, as {@code id = ANY(?)} scans do. */
    private static final Comparator<OutcomeWrite> LOCK_ORDER =
            Comparator.comparing((OutcomeWrite w) -> w.job().id(), JobIds.LOCK_ORDER);

    static {
        JobTransitions.check(STARTED, REVOKED);
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    OutcomeRepository(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Writes a batch of outcomes in one transaction: all of them or, if it fails, none.
     *
     * @return for each write, in order, whether it applied (false: fenced off)
     */
    List<Boolean> apply(List<OutcomeWrite> writes) {
        List<OutcomeWrite> applied = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            Map<OutcomeWrite.Kind, List<OutcomeWrite>> byKind = writes.stream()
                    .sorted(LOCK_ORDER)
                    .collect(Collectors.groupingBy(
                            OutcomeWrite::kind, () -> new EnumMap<>(OutcomeWrite.Kind.class), Collectors.toList()));
            // Several successes (nearly every outcome at high rates) go in one statement; a lone
            // write takes its kind's plain fenced update, which needs no array join to plan.
            byKind.forEach((kind, batch) -> applied.addAll(
                    kind == OutcomeWrite.Kind.SUCCESS && batch.size() > 1
                            ? updateSuccesses(batch)
                            : updateEach(kind, batch)));
            if (!applied.isEmpty()) {
                jdbc.batchUpdate(
                        INSERT_ATTEMPT,
                        applied.stream().map(OutcomeWrite::attemptArgs).toList());
                // Delivered at commit and naming the jobs: api-gateways answer the status requests
                // waiting for them at once, reading only their rows.
                for (String payload : OutcomeNotifications.payloads(
                        applied.stream().map(w -> w.job().id()).toList())) {
                    jdbc.queryForObject(NOTIFY, String.class, payload);
                }
            }
        });
        Set<OutcomeWrite> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(applied);
        return writes.stream().map(done::contains).toList();
    }

    /** One fenced update per write, sent as one JDBC batch; returns the writes that applied. */
    private List<OutcomeWrite> updateEach(OutcomeWrite.Kind kind, List<OutcomeWrite> batch) {
        int[] counts = jdbc.batchUpdate(
                kind.sql(), batch.stream().map(OutcomeWrite::updateArgs).toList());
        List<OutcomeWrite> applied = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1) {
                applied.add(batch.get(i));
            }
        }
        return applied;
    }

    /**
     * All successes of a batch in one statement, with the same fence per row as {@link
     * OutcomeWrite#FENCE}; returns the writes that applied. Successes are nearly every outcome, and
     * one statement for the batch costs PostgreSQL less than one execution per row.
     */
    private List<OutcomeWrite> updateSuccesses(List<OutcomeWrite> batch) {
        Set<AttemptKey> updated = new HashSet<>();
        jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(UPDATE_SUCCESSES);
                    ps.setArray(
                            1,
                            con.createArrayOf(
                                    "uuid",
                                    batch.stream().map(w -> w.job().id()).toArray()));
                    ps.setArray(
                            2,
                            con.createArrayOf(
                                    "int4",
                                    batch.stream().map(w -> w.job().attempt()).toArray()));
                    ps.setArray(
                            3,
                            con.createArrayOf(
                                    "text",
                                    batch.stream().map(OutcomeWrite::workerId).toArray()));
                    ps.setArray(
                            4,
                            con.createArrayOf(
                                    "text",
                                    batch.stream().map(OutcomeWrite::resultJson).toArray()));
                    ps.setArray(
                            5,
                            con.createArrayOf(
                                    "bool",
                                    batch.stream()
                                            .map(OutcomeWrite::resultTruncated)
                                            .toArray()));
                    ps.setArray(
                            6,
                            con.createArrayOf(
                                    "text",
                                    batch.stream()
                                            .map(w -> w.now()
                                                    .truncatedTo(ChronoUnit.MICROS)
                                                    .toString())
                                            .toArray()));
                    return ps;
                },
                (java.sql.ResultSet rs) -> {
                    updated.add(new AttemptKey(rs.getObject("id", UUID.class), rs.getInt("attempt")));
                });
        return batch.stream()
                .filter(w ->
                        updated.contains(new AttemptKey(w.job().id(), w.job().attempt())))
                .toList();
    }

    private record AttemptKey(UUID jobId, int attempt) {}

    /**
     * Records the end of an attempt whose job was revoked while it ran (the row is already REVOKED).
     *
     * @return whether it was recorded now; false when it had been already, or the job is not REVOKED
     */
    boolean revoked(ClaimedJob job, String workerId, Instant now) {
        return jdbc.update(
                        """
                INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome, error_type,
                                          error_message, duration_ms)
                SELECT id, attempt, ?, ?, ?, 'REVOKED', 'Revoked', coalesce(revoke_reason, 'revoked'), ?
                  FROM jobs WHERE id = ? AND attempt = ? AND status = 'REVOKED'
                ON CONFLICT (job_id, attempt) DO NOTHING
                """,
                        workerId,
                        OutcomeWrite.ts(job.startedAt()),
                        OutcomeWrite.ts(now),
                        Duration.between(job.startedAt(), now).toMillis(),
                        job.id(),
                        job.attempt())
                > 0;
    }

    /**
     * Notes in the history of an attempt the reaper took from this worker how the attempt had
     * really ended: its outcome could not be written in time, and the job runs again.
     *
     * @return whether such a lost attempt was found and noted
     */
    boolean lateForLostAttempt(ClaimedJob job, String workerId, String ended) {
        return jdbc.update("""
                UPDATE job_attempts
                   SET error_message = error_message || '; the attempt had ended with ' || ? || ' but PostgreSQL was'
                                       || ' unreachable from its worker until after the lease ended, so the job runs again'
                 WHERE job_id = ? AND attempt = ? AND worker_id = ? AND outcome = 'WORKER_LOST'
                   AND error_message NOT LIKE '%the attempt had ended with%'
                """, ended, job.id(), job.attempt(), workerId) > 0;
    }

    /** The current (status, attempt, worker) of the given jobs, to spot attempts that are no longer ours. */
    Map<UUID, Current> current(List<UUID> ids) {
        Map<UUID, Current> result = new java.util.HashMap<>();
        jdbc.query(
                con -> {
                    var ps = con.prepareStatement("SELECT id, status, attempt, worker_id FROM jobs WHERE id = ANY(?)");
                    ps.setArray(1, con.createArrayOf("uuid", ids.toArray()));
                    return ps;
                },
                (java.sql.ResultSet rs) -> {
                    result.put(
                            rs.getObject("id", UUID.class),
                            new Current(rs.getString("status"), rs.getInt("attempt"), rs.getString("worker_id")));
                });
        return result;
    }

    /** A job's current row, as far as ownership goes. */
    record Current(String status, int attempt, @Nullable String workerId) {

        boolean isOwnedBy(ClaimedJob job, String worker) {
            return STARTED.name().equals(status) && attempt == job.attempt() && worker.equals(workerId);
        }
    }

    /**
     * Stores progress of a running attempt, made storable ({@link StorableText}); ignored if the
     * attempt is no longer current.
     */
    void progress(ClaimedJob job, String workerId, String progressJson) {
        jdbc.update(
                "UPDATE jobs SET progress = ?::jsonb" + OutcomeWrite.FENCE,
                StorableText.json(progressJson),
                job.id(),
                job.attempt(),
                workerId);
    }
}
