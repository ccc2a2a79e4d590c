package dev.connectorjobs.worker.execution;

import static dev.connectorjobs.testing.JobFixture.aJob;

import dev.connectorjobs.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Test-data builders for attempts in flight: job rows a worker has claimed, as the claim leaves them. */
final class StartedJobs {

    private StartedJobs() {}

    /** A job {@code worker} claimed a moment ago: STARTED, attempt 1, leased for 30 s. */
    static ClaimedJob startedJob(String worker) {
        UUID id = aJob().queue("outcome-writer").insert().id();
        Instant startedAt = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MICROS);
        jdbc().update(
                        "UPDATE jobs SET status = 'STARTED', worker_id = ?, started_at = ?, lease_expires_at = ?"
                                + " WHERE id = ?",
                        worker,
                        Timestamp.from(startedAt),
                        Timestamp.from(startedAt.plusSeconds(30)),
                        id);
        return new ClaimedJob(
                id,
                1,
                "outcome-writer",
                "diagnostics",
                "echo",
                Map.of(),
                120,
                3,
                0,
                "test-" + id,
                startedAt,
                null,
                startedAt,
                startedAt);
    }

    /** The reaper took the job back meanwhile: the attempt no longer owns it. */
    static void markReaped(ClaimedJob job) {
        jdbc().update("UPDATE jobs SET status = 'PENDING', attempt = 2, worker_id = NULL WHERE id = ?", job.id());
    }

    private static JdbcTemplate jdbc() {
        return new JdbcTemplate(TestDatabase.get().dataSource());
    }
}
