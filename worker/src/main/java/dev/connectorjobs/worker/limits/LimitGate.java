package dev.connectorjobs.worker.limits;

import dev.connectorjobs.common.metrics.JobMeters;
import dev.connectorjobs.model.job.ErrorTypes;
import dev.connectorjobs.worker.execution.ClaimedJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides, right after a claim, which claimed attempts the cluster-wide limits let start.
 *
 * <p>For the claimed jobs that are under a limit, one transaction locks the limits' rows (so the
 * decisions of all workers about one limit are taken one after another), counts the attempts
 * admitted under each limit that still run and those started within its window, admits what fits,
 * and gives the rest back without running them and without spending a retry: {@code RETRY} with a
 * {@code DEFERRED} attempt, like an open breaker. A job refused for concurrency waits with no due
 * time until a slot frees ({@link LimitWaker}); one refused for its start rate is due when the
 * window has room again. Jobs under no limit are not looked at: a worker whose claims hold none pays
 * nothing.
 */
@Component
public final class LimitGate {

    private static final Logger log = LoggerFactory.getLogger(LimitGate.class);

    /** Error type of a job deferred because its limit's concurrent attempts were all running. */
    static final String CONCURRENCY = ErrorTypes.CONCURRENCY_LIMIT;

    /** Error type of a job deferred because its limit's starts per window were spent. */
    static final String START_RATE = ErrorTypes.START_RATE_LIMIT;

    private final LimitCatalog catalog;
    private final LimitRepository repository;
    private final TransactionTemplate transactions;
    private final MeterRegistry registry;
    private final Clock clock;

    LimitGate(
            LimitCatalog catalog,
            LimitRepository repository,
            TransactionTemplate transactions,
            MeterRegistry registry,
            Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.transactions = transactions;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Returns the claimed attempts that may run; the others have been deferred (and are no longer
     * this worker's).
     */
    public List<ClaimedJob> admit(List<ClaimedJob> claimed, String workerId, Duration lease) {
        if (claimed.isEmpty() || catalog.isEmpty()) {
            return claimed;
        }
        List<ClaimedJob> free = new ArrayList<>(claimed.size());
        List<ClaimedJob> limited = new ArrayList<>();
        for (ClaimedJob job : claimed) {
            (catalog.keysFor(job.connector(), job.operation()).isEmpty() ? free : limited).add(job);
        }
        if (limited.isEmpty()) {
            return claimed;
        }
        Decision decision = Objects.requireNonNull(transactions.execute(tx -> decide(limited, workerId, lease)));
        // Counted once the deferrals are committed.
        decision.deferred().forEach(this::countDeferred);
        free.addAll(decision.admitted());
        return free;
    }

    /** What one gate transaction decided: the attempts that start, and those it gave back. */
    private record Decision(List<ClaimedJob> admitted, List<ClaimedJob> deferred) {}

    private void countDeferred(ClaimedJob job) {
        Counter.builder(JobMeters.DEFERRED)
                .description(JobMeters.DEFERRED_DESCRIPTION)
                .tags(
                        JobMeters.QUEUE,
                        job.queue(),
                        JobMeters.CONNECTOR,
                        job.connector(),
                        JobMeters.REASON,
                        JobMeters.LIMIT)
                .register(registry)
                .increment();
    }

    private Decision decide(List<ClaimedJob> limited, String workerId, Duration lease) {
        List<LimitKey> keys = limited.stream()
                .flatMap(j -> catalog.keysFor(j.connector(), j.operation()).stream())
                .distinct()
                .toList();
        Map<LimitKey, Limit> limits = repository.lock(keys);
        // Read after the locks: an attempt admitted now starts after every attempt it waited for ended.
        Instant now = clock.instant();
        Map<LimitKey, Usage> usage = new HashMap<>();
        limits.forEach((key, limit) -> usage.put(key, usage(key, limit, now)));
        List<LimitRepository.Admission> admissions = new ArrayList<>();
        List<ClaimedJob> admitted = new ArrayList<>();
        List<ClaimedJob> deferred = new ArrayList<>();
        for (ClaimedJob job : limited) {
            List<LimitKey> under = catalog.keysFor(job.connector(), job.operation()).stream()
                    .filter(limits::containsKey)
                    .toList();
            Refusal refusal = refusal(under, limits, usage, now);
            if (refusal == null) {
                under.forEach(key -> Objects.requireNonNull(usage.get(key)).admit(now));
                admissions.add(new LimitRepository.Admission(job, under));
                admitted.add(withStart(job, now));
            } else {
                if (repository.defer(job, workerId, refusal.errorType(), refusal.message(), refusal.dueAt(), now)) {
                    deferred.add(job);
                }
                if (refusal.dueAt() == null) {
                    repository.await(refusal.key(), job, repository.priority(job), now);
                }
                log.debug("job_id={} attempt={} deferred: {}", job.id(), job.attempt(), refusal.message());
            }
        }
        repository.admit(admissions, workerId, now, lease);
        return new Decision(admitted, deferred);
    }

    private Usage usage(LimitKey key, Limit limit, Instant now) {
        int running = limit.maxConcurrent() == null ? 0 : repository.running(key);
        List<Instant> starts = List.of();
        Integer perSeconds = limit.perSeconds();
        if (limit.maxStarts() != null && perSeconds != null) {
            Instant windowStart = now.minusSeconds(perSeconds);
            starts = repository.startsSince(key, windowStart);
            repository.prune(key, windowStart);
        } else {
            repository.prune(key, now);
        }
        return new Usage(limit, running, new ArrayList<>(starts));
    }

    private static @Nullable Refusal refusal(
            List<LimitKey> under, Map<LimitKey, Limit> limits, Map<LimitKey, Usage> usage, Instant now) {
        for (LimitKey key : under) {
            Usage u = Objects.requireNonNull(usage.get(key));
            Integer max = u.limit().maxConcurrent();
            if (max != null && u.running >= max) {
                return new Refusal(
                        key,
                        CONCURRENCY,
                        key + " has " + u.running + " of " + max
                                + " concurrent jobs running across all workers; this job starts when one ends",
                        null);
            }
        }
        for (LimitKey key : under) {
            Usage u = Objects.requireNonNull(usage.get(key));
            Integer maxStarts = u.limit().maxStarts();
            Integer perSeconds = u.limit().perSeconds();
            if (maxStarts != null && perSeconds != null && u.starts.size() >= maxStarts) {
                Instant dueAt = u.nextRoom(maxStarts, perSeconds);
                return new Refusal(
                        key,
                        START_RATE,
                        key + " started " + maxStarts + " jobs in the last " + perSeconds
                                + " s (its limit); this job is due again at " + dueAt,
                        dueAt);
            }
        }
        return null;
    }

    private static ClaimedJob withStart(ClaimedJob job, Instant startedAt) {
        return new ClaimedJob(
                job.id(),
                job.attempt(),
                job.queue(),
                job.connector(),
                job.operation(),
                job.params(),
                job.timeoutSeconds(),
                job.maxRetries(),
                job.retriesUsed(),
                job.correlationId(),
                startedAt,
                job.checkpoint(),
                job.createdAt(),
                job.eligibleAt());
    }

    /** What runs under a limit and what started in its window, as this decision goes along. */
    private static final class Usage {
        private final Limit limit;
        private int running;
        private final List<Instant> starts;
        private int refusedForRate;

        Usage(Limit limit, int running, List<Instant> starts) {
            this.limit = limit;
            this.running = running;
            this.starts = starts;
        }

        Limit limit() {
            return limit;
        }

        void admit(Instant now) {
            running++;
            starts.add(now);
        }

        /**
         * When the window has room for the next refused job: the k-th refused in this decision gets
         * the time the k-th oldest start leaves the window, so refused jobs come back spread out
         * rather than all at once.
         */
        Instant nextRoom(int maxStarts, int perSeconds) {
            int k = refusedForRate++;
            int size = starts.size();
            int rounds = k / maxStarts;
            Instant oldest = starts.get(Math.min(size - 1, (size - maxStarts) + (k % maxStarts)));
            return oldest.plusSeconds((long) perSeconds * (rounds + 1));
        }
    }

    /**
     * Why a job may not start now.
     *
     * @param dueAt when to try again, or null to wait for a slot of {@code key} to free
     */
    private record Refusal(
            LimitKey key,
            String errorType,
            String message,
            @Nullable Instant dueAt) {}
}
