package dev.connectorjobs.api.metrics;

import static dev.connectorjobs.common.metrics.JobMeters.CONNECTOR;
import static dev.connectorjobs.common.metrics.JobMeters.QUEUE;
import static dev.connectorjobs.common.metrics.JobMeters.REASON;

import dev.connectorjobs.common.metrics.JobMeters;
import dev.connectorjobs.model.job.ErrorTypes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The backlog as PostgreSQL sees it, per queue and connector: jobs ready to run and how long the
 * oldest has waited, running, waiting for a retry, and held back by an open circuit breaker or a
 * cluster-wide limit; and the
 * publications not yet confirmed. One grouped query every {@link MetricsProperties#backlogInterval()}
 * reads them all; the gauges read its last result, so a scrape never touches the database.
 *
 * <p>The query reads only the jobs that have not finished, through {@code jobs_status_id}: its cost
 * follows the backlog, not the table (see docs/metrics.md for the plan). Every replica runs it, so
 * aggregate these gauges across replicas with {@code max}, not {@code sum}.
 *
 * <p>Definitions (the row's {@code status}, and {@code next_attempt_at} compared with now):
 *
 * <ul>
 *   <li>ready: QUEUED, or PENDING or RETRY that is due (the dispatcher publishes it within a sweep).
 *       Since when: {@code coalesce(next_attempt_at, created_at)}.
 *   <li>scheduled: PENDING and not yet due: a delayed job ({@code countdown}/{@code eta}) whose
 *       time has not come; its {@code next_attempt_at} is its eta.
 *   <li>held, reason breaker: RETRY, not yet due, whose last attempt was rejected by an open breaker
 *       (error type {@value ErrorTypes#CIRCUIT_OPEN}); more workers would not run it sooner.
 *   <li>held, reason limit: RETRY and not due (or with no due time: it waits for a slot), deferred
 *       by a cluster-wide limit (error types {@value ErrorTypes#CONCURRENCY_LIMIT} and {@value
 *       ErrorTypes#START_RATE_LIMIT}); more workers would not run it sooner either.
 *   <li>retry waiting: RETRY, not yet due, for any other reason (backoff, {@code Retry-After}, a lost
 *       worker).
 *   <li>running: STARTED.
 *   <li>unconfirmed publications: PENDING and sent but not yet confirmed QUEUED: its {@code
 *       dispatch_after} is the publication's grace, in the future (a delayed job's is its eta, and a
 *       job held back by a full dispatch window is due at once, so neither counts); normally a job
 *       stays so for about {@code confirm-interval} unless a worker claims it first. Their oldest age
 *       grows when the broker does not acknowledge.
 * </ul>
 */
@Component
final class BacklogGauges implements BacklogReadings {

    private static final Logger log = LoggerFactory.getLogger(BacklogGauges.class);

    /** {@link MetricsProperties#backlogInterval()}, in milliseconds, read from the bound record. */
    private static final String INTERVAL = "#{@'" + MetricsProperties.BEAN + "'.backlogInterval().toMillis()}";

    /** The one query; package-private for the test of its plan. */
    static final String QUERY = """
            SELECT queue, connector,
                   count(*) FILTER (WHERE status = 'QUEUED'
                                       OR (status = 'PENDING' AND NOT coalesce(next_attempt_at > :now, false))
                                       OR (status = 'RETRY' AND next_attempt_at <= :now)) AS ready,
                   min(coalesce(next_attempt_at, created_at)) FILTER (WHERE status = 'QUEUED'
                                       OR (status = 'PENDING' AND NOT coalesce(next_attempt_at > :now, false))
                                       OR (status = 'RETRY' AND next_attempt_at <= :now)) AS ready_since,
                   count(*) FILTER (WHERE status = 'QUEUED') AS queued,
                   count(*) FILTER (WHERE status = 'STARTED') AS running,
                   count(*) FILTER (WHERE status = 'RETRY' AND next_attempt_at > :now
                                      AND error_type IS DISTINCT FROM :circuitOpen
                                      AND error_type IS DISTINCT FROM :concurrencyLimit
                                      AND error_type IS DISTINCT FROM :startRateLimit) AS retry_waiting,
                   count(*) FILTER (WHERE status = 'RETRY' AND next_attempt_at > :now
                                      AND error_type = :circuitOpen) AS held_breaker,
                   count(*) FILTER (WHERE status = 'RETRY' AND NOT coalesce(next_attempt_at <= :now, false)
                                      AND error_type IN (:concurrencyLimit, :startRateLimit)) AS held_limit,
                   count(*) FILTER (WHERE status = 'PENDING' AND dispatch_after > :now
                                      AND (eta IS NULL OR dispatch_after <> eta)) AS unconfirmed,
                   min(updated_at) FILTER (WHERE status = 'PENDING'
                                      AND dispatch_after > :now
                                      AND (eta IS NULL OR dispatch_after <> eta)) AS unconfirmed_since,
                   count(*) FILTER (WHERE status = 'PENDING' AND next_attempt_at > :now) AS scheduled
              FROM jobs
             WHERE status IN ('PENDING', 'QUEUED', 'RETRY', 'STARTED')
             GROUP BY queue, connector
            """;

    /** A queue and connector: the labels of a group of gauges. */
    record Group(String queue, String connector) {}

    /** One group's counts; a {@code *Since} is null when its count is 0. */
    record Backlog(
            long queued,
            long ready,
            @Nullable Instant readySince,
            long running,
            long retryWaiting,
            long heldByBreaker,
            long heldByLimit,
            long unconfirmed,
            @Nullable Instant unconfirmedSince,
            long scheduled) {

        static final Backlog NONE = new Backlog(0, 0, null, 0, 0, 0, 0, 0, null, 0);
    }

    private final JdbcClient jdbc;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Set<Group> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<Group, Backlog> last = Map.of();
    private volatile @Nullable Instant readAt;

    BacklogGauges(JdbcClient jdbc, MeterRegistry registry, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("jobs.dispatch.unconfirmed", this, g -> g.total(Backlog::unconfirmed))
                .description("Jobs stored and published (or about to be) whose publication is not yet confirmed")
                .register(registry);
        Gauge.builder("jobs.dispatch.oldest.unconfirmed.age", this, BacklogGauges::oldestUnconfirmedAge)
                .description("How long the oldest unconfirmed publication has been due")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(fixedDelayString = INTERVAL)
    void refreshScheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Reading the backlog gauges failed; they keep their last values: {}", e.toString());
        }
    }

    /** Reads the backlog and registers the gauges of groups seen for the first time. */
    Map<Group, Backlog> refresh() {
        List<Map.Entry<Group, Backlog>> rows = jdbc.sql(QUERY)
                .param("now", Timestamp.from(clock.instant()))
                .param("circuitOpen", ErrorTypes.CIRCUIT_OPEN)
                .param("concurrencyLimit", ErrorTypes.CONCURRENCY_LIMIT)
                .param("startRateLimit", ErrorTypes.START_RATE_LIMIT)
                .query((rs, n) -> Map.entry(
                        new Group(rs.getString("queue"), rs.getString("connector")),
                        new Backlog(
                                rs.getLong("queued"),
                                rs.getLong("ready"),
                                instant(rs.getTimestamp("ready_since")),
                                rs.getLong("running"),
                                rs.getLong("retry_waiting"),
                                rs.getLong("held_breaker"),
                                rs.getLong("held_limit"),
                                rs.getLong("unconfirmed"),
                                instant(rs.getTimestamp("unconfirmed_since")),
                                rs.getLong("scheduled"))))
                .list();
        Map<Group, Backlog> backlog = new HashMap<>();
        rows.forEach(row -> backlog.put(row.getKey(), row.getValue()));
        last = Map.copyOf(backlog);
        readAt = clock.instant();
        backlog.keySet().forEach(this::registerOnce);
        return last;
    }

    /**
     * A group keeps its gauges once seen (reading 0 while it has no unfinished jobs), so that a
     * series does not vanish and reappear with the backlog.
     */
    private void registerOnce(Group group) {
        if (!registered.add(group)) {
            return;
        }
        Tags tags = Tags.of(QUEUE, group.queue(), CONNECTOR, group.connector());
        gauge("jobs.ready", "Jobs ready to run: waiting for a worker now", tags, group, b -> b.ready());
        Gauge.builder("jobs.ready.oldest.age", this, g -> g.age(g.of(group).readySince()))
                .description("How long the oldest ready job has been ready")
                .tags(tags)
                .baseUnit("seconds")
                .register(registry);
        gauge("jobs.running", "Jobs running on a worker", tags, group, b -> b.running());
        gauge(
                "jobs.scheduled",
                "Delayed jobs (countdown or eta) whose time has not come yet",
                tags,
                group,
                b -> b.scheduled());
        gauge(
                "jobs.retry.waiting",
                "Jobs waiting for their next attempt after a failure (backoff, Retry-After, lost worker)",
                tags,
                group,
                b -> b.retryWaiting());
        gauge(
                "jobs.held",
                "Jobs held back, not runnable by more workers: their circuit breaker is open",
                tags.and(REASON, JobMeters.BREAKER),
                group,
                b -> b.heldByBreaker());
        gauge(
                "jobs.held",
                "Jobs held back, not runnable by more workers: their cluster-wide limit is full",
                tags.and(REASON, JobMeters.LIMIT),
                group,
                b -> b.heldByLimit());
    }

    private void gauge(String name, String description, Tags tags, Group group, ToDoubleFunction<Backlog> value) {
        Gauge.builder(name, this, g -> value.applyAsDouble(g.of(group)))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    @Override
    public Optional<Reading> last() {
        Instant at = readAt;
        if (at == null) {
            return Optional.empty();
        }
        List<QueueBacklog> groups = last.entrySet().stream()
                .map(e -> new QueueBacklog(
                        e.getKey().queue(),
                        e.getKey().connector(),
                        e.getValue().unconfirmed(),
                        e.getValue().queued(),
                        e.getValue().ready(),
                        e.getValue().readySince(),
                        e.getValue().running(),
                        e.getValue().retryWaiting(),
                        e.getValue().heldByBreaker(),
                        e.getValue().heldByLimit()))
                .sorted(Comparator.comparing(QueueBacklog::queue).thenComparing(QueueBacklog::connector))
                .toList();
        return Optional.of(new Reading(at, groups));
    }

    private Backlog of(Group group) {
        return last.getOrDefault(group, Backlog.NONE);
    }

    private double total(ToDoubleFunction<Backlog> value) {
        return last.values().stream().mapToDouble(value).sum();
    }

    private double oldestUnconfirmedAge() {
        return age(last.values().stream()
                .map(Backlog::unconfirmedSince)
                .filter(since -> since != null)
                .min(Instant::compareTo)
                .orElse(null));
    }

    /** Seconds from {@code since} to now; 0 for none. */
    private double age(@Nullable Instant since) {
        if (since == null) {
            return 0;
        }
        Duration age = Duration.between(since, clock.instant());
        return age.isNegative() ? 0 : age.toMillis() / 1000.0;
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
