package dev.connectorjobs.api.job;

import dev.connectorjobs.model.job.JobStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What finished in the last hour, minute by minute: outcomes, and how long jobs waited in the queue.
 *
 * <p>One statement over {@code jobs_finished_at} (the retention sweep's index, whose predicate the
 * statement repeats): its cost follows the jobs finished in the hour, not the size of the table.
 * Queue wait is {@code started_at - created_at} of jobs that finished on their first attempt, so a
 * retry's backoff is not counted as waiting for a worker; jobs revoked before they started have none.
 */
@Component
public final class JobActivity {

    /** The terminal states, in the order of {@code jobs_finished_at}'s predicate. */
    private static final List<JobStatus> FINISHED = List.of(JobStatus.SUCCESS, JobStatus.FAILURE, JobStatus.REVOKED);

    static final String QUERY = """
            SELECT minute, status, count(*) AS finished,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) FILTER (WHERE wait IS NOT NULL) AS wait_p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY wait) FILTER (WHERE wait IS NOT NULL) AS wait_p99
              FROM (SELECT date_bin('1 minute', finished_at, :from) AS minute, status,
                           CASE WHEN attempt = 1 THEN extract(epoch FROM started_at - created_at)::float8 END AS wait
                      FROM jobs
                     WHERE status IN ('SUCCESS', 'FAILURE', 'REVOKED') AND finished_at >= :from) finished
             GROUP BY GROUPING SETS ((minute, status), (minute), ())
            """;

    /**
     * One minute.
     *
     * @param finished jobs that reached each terminal state in it
     * @param waitP50 median queue wait of the jobs that finished in it, in seconds; null if none
     * @param waitP99 99th percentile of the same
     */
    public record Minute(
            Instant at,
            Map<JobStatus, Long> finished,
            @Nullable Double waitP50,
            @Nullable Double waitP99) {

        public long total() {
            return finished.values().stream().mapToLong(Long::longValue).sum();
        }

        public long count(JobStatus status) {
            return finished.getOrDefault(status, 0L);
        }
    }

    /**
     * The hour up to now.
     *
     * @param minutes every minute of the hour, oldest first, zero where nothing finished
     * @param finished jobs that reached each terminal state in the hour
     * @param waitP50 median queue wait over the hour, in seconds; null if none
     * @param waitP99 99th percentile of the same
     */
    public record LastHour(
            Instant from,
            List<Minute> minutes,
            Map<JobStatus, Long> finished,
            @Nullable Double waitP50,
            @Nullable Double waitP99) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    JobActivity(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The last 60 whole minutes and the current one. */
    public LastHour lastHour() {
        Instant from = clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(60));
        TreeMap<Instant, Map<JobStatus, Long>> counts = new TreeMap<>();
        TreeMap<Instant, @Nullable Double[]> waits = new TreeMap<>();
        Map<JobStatus, Long> total = new EnumMap<>(JobStatus.class);
        @Nullable Double[] overall = {null, null};
        jdbc.sql(QUERY).param("from", Timestamp.from(from)).query(rs -> {
            Timestamp minute = rs.getTimestamp("minute");
            String status = rs.getString("status");
            Double p50 = (Double) rs.getObject("wait_p50");
            Double p99 = (Double) rs.getObject("wait_p99");
            if (minute == null) {
                overall[0] = p50;
                overall[1] = p99;
            } else if (status == null) {
                waits.put(minute.toInstant(), new @Nullable Double[] {p50, p99});
            } else {
                JobStatus s = JobStatus.valueOf(status);
                counts.computeIfAbsent(minute.toInstant(), m -> new EnumMap<>(JobStatus.class))
                        .put(s, rs.getLong("finished"));
                total.merge(s, rs.getLong("finished"), Long::sum);
            }
        });
        List<Minute> minutes = new ArrayList<>();
        for (Instant at = from; !at.isAfter(clock.instant()); at = at.plus(Duration.ofMinutes(1))) {
            Map<JobStatus, Long> finished = new EnumMap<>(JobStatus.class);
            FINISHED.forEach(s -> finished.put(s, 0L));
            finished.putAll(counts.getOrDefault(at, Map.of()));
            @Nullable Double[] wait = waits.getOrDefault(at, new @Nullable Double[] {null, null});
            minutes.add(new Minute(at, finished, wait[0], wait[1]));
        }
        FINISHED.forEach(s -> total.putIfAbsent(s, 0L));
        return new LastHour(from, minutes, total, overall[0], overall[1]);
    }
}
