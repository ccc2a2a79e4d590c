package dev.connectorjobs.api.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What finished in the last hour, minute by minute: attempts by outcome, and how long jobs waited in
 * the queue before their first attempt started.
 *
 * <p>One statement over {@code job_attempts_finished_at} (migration V16): its cost follows the
 * attempts of the hour, not the size of either table, and it reads no job row. Queue wait is the
 * first attempt's start minus the job's creation, which is the time part of its id (version 7
 * UUIDs, see {@code JobIds}), so no join is needed; retries' backoff does not count as waiting.
 */
@Component
public final class JobActivity {

    /** The one statement; public for the bench, which explains it on a large table. */
    public static final String QUERY = """
            SELECT minute, outcome, count(*) AS finished,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) FILTER (WHERE wait IS NOT NULL) AS wait_p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY wait) FILTER (WHERE wait IS NOT NULL) AS wait_p99
              FROM (SELECT date_bin('1 minute', finished_at, :from) AS minute, outcome,
                           CASE WHEN attempt = 1 THEN
                               greatest(0, extract(epoch FROM started_at)::float8
                                   - ('x' || translate(left(job_id::text, 13), '-', ''))::bit(48)::bigint / 1000.0)
                           END AS wait
                      FROM job_attempts
                     WHERE finished_at >= :from) finished
             GROUP BY GROUPING SETS ((minute, outcome), (minute), ())
            """;

    /**
     * One minute.
     *
     * @param finished attempts that ended in it, by outcome
     * @param waitP50 median queue wait of the first attempts that ended in it, in seconds; null if none
     * @param waitP99 99th percentile of the same
     */
    public record Minute(
            Instant at,
            Map<String, Long> finished,
            @Nullable Double waitP50,
            @Nullable Double waitP99) {

        public long total() {
            return finished.values().stream().mapToLong(Long::longValue).sum();
        }

        public long count(String outcome) {
            return finished.getOrDefault(outcome, 0L);
        }
    }

    /**
     * The hour up to now.
     *
     * @param minutes every minute of the hour, oldest first, empty where nothing finished
     * @param outcomes every outcome seen in the hour, by name
     * @param finished attempts that ended in the hour, by outcome
     * @param waitP50 median queue wait over the hour, in seconds; null if none
     * @param waitP99 99th percentile of the same
     */
    public record LastHour(
            Instant from,
            List<Minute> minutes,
            List<String> outcomes,
            Map<String, Long> finished,
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
        TreeMap<Instant, Map<String, Long>> counts = new TreeMap<>();
        TreeMap<Instant, @Nullable Double[]> waits = new TreeMap<>();
        Map<String, Long> total = new TreeMap<>();
        @Nullable Double[] overall = {null, null};
        jdbc.sql(QUERY).param("from", Timestamp.from(from)).query(rs -> {
            Timestamp minute = rs.getTimestamp("minute");
            String outcome = rs.getString("outcome");
            Double p50 = (Double) rs.getObject("wait_p50");
            Double p99 = (Double) rs.getObject("wait_p99");
            if (minute == null) {
                overall[0] = p50;
                overall[1] = p99;
            } else if (outcome == null) {
                waits.put(minute.toInstant(), new @Nullable Double[] {p50, p99});
            } else {
                counts.computeIfAbsent(minute.toInstant(), m -> new HashMap<>()).put(outcome, rs.getLong("finished"));
                total.merge(outcome, rs.getLong("finished"), Long::sum);
            }
        });
        List<Minute> minutes = new ArrayList<>();
        for (Instant at = from; !at.isAfter(clock.instant()); at = at.plus(Duration.ofMinutes(1))) {
            @Nullable Double[] wait = waits.getOrDefault(at, new @Nullable Double[] {null, null});
            minutes.add(new Minute(at, counts.getOrDefault(at, Map.of()), wait[0], wait[1]));
        }
        return new LastHour(from, minutes, List.copyOf(new TreeSet<>(total.keySet())), total, overall[0], overall[1]);
    }
}
