package dev.connectorjobs.api.dispatch;

import static dev.connectorjobs.model.job.JobStatus.PENDING;
import static dev.connectorjobs.model.job.JobStatus.QUEUED;
import static dev.connectorjobs.model.job.JobStatus.RETRY;

import dev.connectorjobs.model.job.JobTransitions;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The outbox side of the jobs table: due rows and publication confirmations. */
@Repository
class DispatchRepository {

    /** Publication confirmations of a batch, joined from arrays in lock order. */
    private static final String CONFIRM = """
            UPDATE jobs j
               SET status = 'QUEUED', dispatch_after = NULL, published_at = ?, updated_at = ?
              FROM unnest(?::uuid[], ?::int[]) AS c(id, attempt)
             WHERE j.id = c.id AND j.attempt = c.attempt AND (j.status = 'PENDING') IS TRUE
            """;

    /** A row that waits to be sent: stored and due, or a retry whose time has come. */
    private static final String WAITING =
            "status IN ('PENDING', 'RETRY') AND dispatch_after IS NOT NULL AND dispatch_after <= :now";

    /**
     * The queues that have rows waiting to be sent, by a loose scan of {@code jobs_dispatch_pick}
     * (one index probe per queue, whatever the backlog).
     */
    private static final String QUEUES_WITH_WAITING = """
            WITH RECURSIVE q(queue) AS (
                (SELECT queue FROM jobs WHERE %1$s ORDER BY queue LIMIT 1)
              UNION ALL
                SELECT (SELECT queue FROM jobs WHERE %1$s AND queue > q.queue ORDER BY queue LIMIT 1)
                  FROM q WHERE q.queue IS NOT NULL
            )
            SELECT queue FROM q WHERE queue IS NOT NULL
            """.formatted(WAITING);

    /**
     * The jobs of a queue that are in Kafka and not claimed: confirmed (QUEUED), or sent and not yet
     * confirmed (PENDING, with the confirmation deadline ahead). Two counts, so that each can use its
     * index ({@code jobs_status_id}, and {@code jobs_dispatch_due} through its predicate).
     */
    private static final String IN_FLIGHT = """
            SELECT (SELECT count(*) FROM jobs WHERE status = 'QUEUED' AND queue = :queue)
                 + (SELECT count(*) FROM jobs
                     WHERE status IN ('PENDING', 'RETRY') AND dispatch_after > :now
                       AND status = 'PENDING' AND queue = :queue
                       -- a delayed job waits for its eta unsent: its dispatch_after is the eta until the sweep sends it
                       AND (eta IS NULL OR dispatch_after <> eta))
            """;

    /** Concurrency slots of the live workers that consume a queue. */
    private static final String LIVE_SLOTS = """
            SELECT coalesce(sum(concurrency), 0) FROM workers
             WHERE stopped_at IS NULL AND last_heartbeat > :live_since AND :queue = ANY(queues)
            """;

    /**
     * The fair pick of up to {@code :room} waiting rows of one queue, sent in one statement as
     * {@link #takeDue} does. {@code pairs} finds each (priority, API key) with waiting rows by a loose
     * scan of {@code jobs_dispatch_pick}, highest priority first; each pair offers its oldest rows,
     * at most its share of the room among the keys of its priority; the offers are taken by
     * priority, then in turns (every key's first row, then every key's second row...). So one key's
     * backlog gets one turn in each round like any other key's, and a higher priority goes first.
     * Rows another writer holds are skipped, not waited for.
     */
    private static final String TAKE_FAIR = """
            WITH RECURSIVE pairs(priority, client) AS (
                (SELECT priority, coalesce(client_id, '') FROM jobs
                  WHERE queue = :queue AND %1$s
                  ORDER BY queue DESC, priority DESC, coalesce(client_id, '') DESC LIMIT 1)
              UNION ALL
                SELECT n.priority, n.client FROM pairs p CROSS JOIN LATERAL (
                    SELECT priority, coalesce(client_id, '') AS client FROM jobs
                     WHERE queue = :queue AND %1$s
                       AND (priority, coalesce(client_id, '')) < (p.priority, p.client)
                     ORDER BY queue DESC, priority DESC, coalesce(client_id, '') DESC LIMIT 1) n
            ),
            shares AS (
                SELECT priority, client,
                       CAST(ceil(CAST(:room AS numeric) / count(*) OVER (PARTITION BY priority)) AS int) AS share
                  FROM pairs
            ),
            offers AS (
                SELECT o.id, s.priority, s.client,
                       row_number() OVER (PARTITION BY s.priority, s.client ORDER BY o.id) AS turn
                  FROM shares s CROSS JOIN LATERAL (
                      SELECT id FROM jobs
                       WHERE queue = :queue AND priority = s.priority AND coalesce(client_id, '') = s.client
                         AND %1$s
                       ORDER BY id LIMIT s.share) o
            ),
            picked AS (
                SELECT j.id FROM jobs j
                  JOIN (SELECT id FROM offers ORDER BY priority DESC, turn, client LIMIT :room) o ON o.id = j.id
                 WHERE (%1$s) IS TRUE
                   FOR UPDATE OF j SKIP LOCKED
            )
            UPDATE jobs j
               SET status = 'PENDING',
                   attempt = CASE WHEN j.status = 'RETRY' THEN j.attempt + 1 ELSE j.attempt END,
                   dispatch_after = :redispatch_at, updated_at = :now
              FROM picked
             WHERE j.id = picked.id
            RETURNING j.id, j.attempt, j.queue, j.correlation_id, j.traceparent
            """.formatted(WAITING);

    /** A taken row as its statement returns it. */
    private static final RowMapper<DueJob> DUE_JOB = (rs, n) -> new DueJob(
            rs.getObject("id", UUID.class),
            rs.getInt("attempt"),
            rs.getString("queue"),
            rs.getString("correlation_id"),
            rs.getString("traceparent"));

    static {
        JobTransitions.check(PENDING, QUEUED);
        JobTransitions.check(RETRY, PENDING);
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    DispatchRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** The queues with rows waiting to be sent. */
    List<String> queuesWithWaiting(Instant now) {
        return named.query(QUEUES_WITH_WAITING, Map.of("now", Timestamp.from(now)), (rs, n) -> rs.getString(1));
    }

    /**
     * Takes the transaction-scoped lock of a queue's dispatch, so that one replica at a time counts
     * and fills the queue's window; false when another replica holds it.
     */
    boolean tryLockQueue(String queue) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT pg_try_advisory_xact_lock(hashtext('jobs.dispatch.window'), hashtext(?))",
                Boolean.class,
                queue));
    }

    /** Jobs of {@code queue} in Kafka and not claimed. */
    int inFlight(String queue, Instant now) {
        Long count = named.queryForObject(IN_FLIGHT, Map.of("queue", queue, "now", Timestamp.from(now)), Long.class);
        return count == null ? 0 : (int) Math.min(Integer.MAX_VALUE, count);
    }

    /** Concurrency slots of the workers consuming {@code queue} that heartbeated since {@code liveSince}. */
    long liveSlots(String queue, Instant liveSince) {
        Long slots = named.queryForObject(
                LIVE_SLOTS, Map.of("queue", queue, "live_since", Timestamp.from(liveSince)), Long.class);
        return slots == null ? 0 : slots;
    }

    /**
     * Takes up to {@code room} waiting rows of {@code queue}, highest priority first and in turns
     * across API keys, and marks them sent as {@link #takeDue} does.
     */
    List<DueJob> takeFair(String queue, Instant now, int room, Instant redispatchAt) {
        return named.query(
                TAKE_FAIR,
                Map.of(
                        "queue",
                        queue,
                        "now",
                        Timestamp.from(now),
                        "room",
                        room,
                        "redispatch_at",
                        Timestamp.from(redispatchAt)),
                DUE_JOB);
    }

    /**
     * Marks the given attempts QUEUED, unless a worker or the sweep got there first. The status test
     * is wrapped in {@code IS TRUE} so that the planner finds the rows through the primary key: with
     * a plain {@code status = 'PENDING'} it scanned the status indexes, which hold an entry for every
     * job ever submitted until vacuum removes it (110,000 entries read per statement, measured).
     */
    int confirmPublished(List<UUID> jobIds, List<Integer> attempts, Instant now) {
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(CONFIRM);
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setArray(3, con.createArrayOf("uuid", jobIds.toArray()));
            ps.setArray(4, con.createArrayOf("int4", attempts.toArray()));
            return ps;
        });
    }

    /**
     * Takes up to {@code limit} confirmed jobs (QUEUED) unchanged since {@code before}, oldest first,
     * skipping rows another writer holds, to publish them again; their {@code updated_at} becomes
     * {@code now}, so each is published again at most once per {@code republish-after}. Their status
     * and attempt stay: the claim of either record starts the job, the other claims nothing.
     */
    List<DueJob> takeUnclaimed(Instant before, Instant now, int limit) {
        return jdbc.query("""
                WITH unclaimed AS (
                    SELECT id FROM jobs
                     WHERE status = 'QUEUED' AND updated_at < ?
                     ORDER BY updated_at
                     LIMIT ?
                       FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs j SET updated_at = ?
                  FROM unclaimed
                 WHERE j.id = unclaimed.id AND (j.status = 'QUEUED') IS TRUE
                RETURNING j.id, j.attempt, j.queue, j.correlation_id, j.traceparent
                """, DUE_JOB, Timestamp.from(before), limit, Timestamp.from(now));
    }

    /**
     * Takes up to {@code limit} due rows that no other sweep holds, in one statement: a due retry
     * becomes PENDING with its next attempt number, and every taken row gets a new confirmation
     * deadline {@code redispatchAt}. The state is committed before anything is sent, so a worker
     * that consumes the record at once finds the attempt it names; if this process dies before
     * sending, the rows are simply due again at {@code redispatchAt}. A retry keeps its {@code
     * next_attempt_at}: it says since when the attempt has been due (the ready backlog's age, the
     * worker's queue-wait metric).
     */
    List<DueJob> takeDue(Instant now, int limit, Instant redispatchAt) {
        return jdbc.query("""
                WITH due AS (
                    SELECT id FROM jobs
                     WHERE status IN ('PENDING', 'RETRY') AND dispatch_after <= ?
                     ORDER BY dispatch_after
                     LIMIT ?
                       FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs j
                   SET status = 'PENDING',
                       attempt = CASE WHEN j.status = 'RETRY' THEN j.attempt + 1 ELSE j.attempt END,
                       dispatch_after = ?, updated_at = ?
                  FROM due
                 WHERE j.id = due.id
                RETURNING j.id, j.attempt, j.queue, j.correlation_id, j.traceparent
                """, DUE_JOB, Timestamp.from(now), limit, Timestamp.from(redispatchAt), Timestamp.from(now));
    }
}
