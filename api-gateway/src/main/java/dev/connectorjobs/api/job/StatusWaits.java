package dev.connectorjobs.api.job;

import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.api.web.TooManyRequestsException;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.model.job.JobTransitions;
import dev.connectorjobs.model.job.OutcomeNotifications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Status requests that wait for their job to change ({@code ?wait=}), held without a thread each:
 * every request is a {@link DeferredResult}, and one scheduled check reads the status of all
 * waited-for jobs in one query every {@code check-interval}, answering the requests whose job is
 * terminal, or no longer in the status they named, or whose wait is over. The jobs are written by
 * workers, possibly through another api-gateway, so the database is the only place to watch; one
 * query for all waiters keeps its cost independent of their number. Workers also notify on
 * PostgreSQL's {@code job_outcomes} channel when they commit outcomes, naming the jobs; {@link
 * OutcomeListener} then wakes a check of only those jobs that requests wait for, so a finished job
 * is answered at once, and the cost of an answer depends on how many jobs finished, not on how many
 * requests wait.
 */
@Component
final class StatusWaits implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StatusWaits.class);

    /** Extra time the servlet container gives a request beyond its wait, for the last check to answer it. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final JobRepository jobs;
    private final StatusWaitProperties properties;
    private final Clock clock;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    /** The same waiters by job: a notification names jobs. */
    private final Map<UUID, Set<Waiter>> byJob = new ConcurrentHashMap<>();
    /** Jobs that notifications named since the last woken check began, and that requests wait for. */
    private final Set<UUID> named = ConcurrentHashMap.newKeySet();
    /** Whether a notification that named no jobs came since the last woken check began: check them all. */
    private final AtomicBoolean unnamed = new AtomicBoolean();

    private final AtomicInteger count = new AtomicInteger();
    /** One whole check at a time (the periodic one, or one woken by a notification that named no job). */
    private final ReentrantLock checking = new ReentrantLock();
    /** Whether a woken check is queued and has not started yet: more wakes join it. */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    private final AtomicLong wakeCalls = new AtomicLong();

    private final ExecutorService wakes = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("status-wait-wake").daemon().factory());

    /**
     * One waiting request: answered once its job is terminal or leaves {@code since} (when given), or
     * at {@code until}.
     */
    private record Waiter(UUID id, @Nullable String since, Instant until, DeferredResult<JobView> result) {}

    StatusWaits(JobRepository jobs, StatusWaitProperties properties, Clock clock) {
        this.jobs = jobs;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The status of {@code current}'s job once it is terminal or no longer {@code since} (when
     * given), or after {@code wait}, whichever comes first.
     *
     * @throws TooManyRequestsException when {@code max-waiting} requests wait already
     */
    DeferredResult<JobView> await(JobView current, @Nullable String since, Duration wait) {
        DeferredResult<JobView> result = new DeferredResult<>(wait.plus(GRACE).toMillis());
        if (answers(current.status(), since)) {
            result.setResult(current);
            return result;
        }
        if (count.incrementAndGet() > properties.maxWaiting()) {
            count.decrementAndGet();
            throw new TooManyRequestsException(
                    properties.checkInterval().multipliedBy(20),
                    "This api-gateway holds " + properties.maxWaiting() + " waiting status requests already"
                            + " (jobs.api.status-wait.max-waiting); retry after the Retry-After delay, or read the"
                            + " status of many jobs at once with POST /api/v1/admin/tasks:status");
        }
        Waiter waiter = new Waiter(current.taskId(), since, clock.instant().plus(wait), result);
        result.onCompletion(() -> {
            if (waiters.remove(waiter)) {
                count.decrementAndGet();
                byJob.computeIfPresent(waiter.id(), (id, same) -> {
                    same.remove(waiter);
                    return same.isEmpty() ? null : same;
                });
            }
        });
        result.onTimeout(() -> answer(waiter));
        byJob.compute(waiter.id(), (id, same) -> {
            Set<Waiter> all = same != null ? same : ConcurrentHashMap.newKeySet();
            all.add(waiter);
            return all;
        });
        waiters.add(waiter);
        return result;
    }

    /**
     * Checks every waited-for job now rather than at the next interval: outcomes were committed, and
     * the notification did not say for which jobs ({@link OutcomeNotifications}).
     */
    void wake() {
        wakeCalls.incrementAndGet();
        if (waiters.isEmpty()) {
            return;
        }
        unnamed.set(true);
        queueWokenCheck();
    }

    /**
     * Checks the jobs among {@code ids} that requests wait for, now rather than at the next interval:
     * their outcomes were committed ({@link OutcomeNotifications}). Wakes that come while a woken
     * check is still queued join it.
     */
    void wake(Collection<UUID> ids) {
        wakeCalls.incrementAndGet();
        boolean any = false;
        for (UUID id : ids) {
            if (byJob.containsKey(id)) {
                named.add(id);
                any = true;
            }
        }
        if (any) {
            queueWokenCheck();
        }
    }

    private void queueWokenCheck() {
        if (!wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            wakes.execute(() -> {
                wakeQueued.set(false);
                if (unnamed.getAndSet(false)) {
                    named.clear(); // the whole check covers them
                    check();
                } else {
                    checkNamed();
                }
            });
        } catch (RejectedExecutionException e) {
            wakeQueued.set(false); // shutting down; the periodic check answers the rest
        }
    }

    /** Reads the jobs that notifications named and answers the requests they now answer. */
    private void checkNamed() {
        List<UUID> ids = new ArrayList<>(named);
        named.removeAll(ids);
        if (ids.isEmpty()) {
            return;
        }
        // Not under the periodic check's lock: that check reads every waiter's status, which under a
        // burst of new waits takes hundreds of milliseconds, and these few jobs finished now. Both
        // answering one request is harmless: a DeferredResult keeps the first answer.
        try {
            for (JobView view : jobs.findAll(ids)) {
                Set<Waiter> waiting = byJob.get(view.taskId());
                if (waiting == null) {
                    continue;
                }
                for (Waiter waiter : waiting) {
                    if (answers(view.status(), waiter.since())) {
                        answer(waiter, view);
                    }
                }
            }
        } catch (RuntimeException e) {
            // The database is away: the periodic check answers them once it is back.
            log.warn("Could not read the status of {} jobs that finished: {}", ids.size(), e.toString());
        }
    }

    /** How many times notifications asked for a check so far. */
    long wakeCalls() {
        return wakeCalls.get();
    }

    /** How many requests wait now. */
    int waiting() {
        return count.get();
    }

    /**
     * Whether a job in {@code status} answers a request that waits for it to end, or to leave {@code
     * since} when that is given. A job that ended answers at once, unless the request waits for it to
     * leave the very status it ended in: a FAILURE or REVOKED job can still be re-driven, and that is
     * the change such a request waits for.
     */
    static boolean answers(String status, @Nullable String since) {
        JobStatus current = JobStatus.valueOf(status);
        if (since != null && status.equals(since)) {
            // Still where the request started: only a status nothing leaves (SUCCESS) answers now.
            return current.isTerminal() && !JobTransitions.isRedrive(current, JobStatus.PENDING);
        }
        return since != null || current.isTerminal();
    }

    /**
     * Reads the status of every waited-for job and answers the requests that are due, reading the
     * answers of all of them in one more query.
     */
    @Scheduled(
            fixedDelayString = "#{@'" + StatusWaitProperties.BEAN + "'.checkInterval().toMillis()}",
            initialDelayString = "#{@'" + StatusWaitProperties.BEAN + "'.checkInterval().toMillis()}")
    void check() {
        if (waiters.isEmpty()) {
            return;
        }
        checking.lock();
        try {
            checkLocked();
        } finally {
            checking.unlock();
        }
    }

    private void checkLocked() {
        List<Waiter> snapshot = new ArrayList<>(waiters);
        try {
            Set<UUID> ids = snapshot.stream().map(Waiter::id).collect(Collectors.toSet());
            Map<UUID, String> statuses = jobs.statuses(ids);
            Instant now = clock.instant();
            List<Waiter> due = new ArrayList<>();
            for (Waiter waiter : snapshot) {
                @Nullable String status = statuses.get(waiter.id());
                if (status == null || answers(status, waiter.since()) || !now.isBefore(waiter.until())) {
                    due.add(waiter);
                }
            }
            if (!due.isEmpty()) {
                Map<UUID, JobView> views = new HashMap<>();
                jobs.findAll(due.stream().map(Waiter::id).collect(Collectors.toSet()))
                        .forEach(view -> views.put(view.taskId(), view));
                due.forEach(waiter -> answer(waiter, views.get(waiter.id())));
            }
        } catch (RuntimeException e) {
            // The database is away: the requests keep waiting, and time out with the status they can get.
            log.warn("Could not read the status of {} waited-for jobs: {}", snapshot.size(), e.toString());
        }
    }

    /** Answers a request whose wait ran out in the servlet container (the last check did not). */
    private void answer(Waiter waiter) {
        if (waiter.result().isSetOrExpired()) {
            return;
        }
        try {
            answer(waiter, jobs.find(waiter.id()).orElse(null));
        } catch (RuntimeException e) {
            waiter.result().setErrorResult(e);
        }
    }

    private static void answer(Waiter waiter, @Nullable JobView view) {
        if (view != null) {
            waiter.result().setResult(view);
        } else {
            waiter.result()
                    .setErrorResult(new NotFoundException(
                            "Task " + waiter.id() + " was deleted while the request waited (retention)"));
        }
    }

    @Override
    public void destroy() {
        wakes.shutdownNow();
    }
}
