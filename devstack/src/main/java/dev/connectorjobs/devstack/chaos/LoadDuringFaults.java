package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.devstack.chaos.ChaosLoad.Submission;
import dev.connectorjobs.devstack.chaos.ChaosRecords.AttemptRow;
import dev.connectorjobs.devstack.chaos.ChaosRecords.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How the load fared while the faults of one class ran, against a baseline: the submissions due
 * from the injection of such a fault to its end ({@link FaultEvent#recoverFrom()}), and those due
 * outside every fault, which starts after {@link FaultSchedule#SETTLE} and leaves out each fault
 * and the {@link FaultSchedule#QUIET} time after it. A submission belongs to a period by its
 * intended send time. For each period: the submissions' client-side latency and their jobs' time
 * from submit to start, from PostgreSQL ({@code created_at} to the first attempt's start).
 */
final class LoadDuringFaults {

    /**
     * Nearest-rank percentiles and the largest value, in milliseconds; empty without values.
     *
     * @param count values
     */
    record Spread(int count, Optional<Long> p50Ms, Optional<Long> p99Ms, Optional<Long> maxMs) {

        static Spread of(long[] millis) {
            if (millis.length == 0) {
                return new Spread(0, Optional.empty(), Optional.empty(), Optional.empty());
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            return new Spread(
                    sorted.length,
                    Optional.of(RecoveryTimes.Percentiles.nearestRank(sorted, 50)),
                    Optional.of(RecoveryTimes.Percentiles.nearestRank(sorted, 99)),
                    Optional.of(sorted[sorted.length - 1]));
        }
    }

    /**
     * One period's submissions.
     *
     * @param submissions submissions due in it
     * @param failovers requests of those sent again to the next api-gateway
     * @param notAccepted those no api-gateway accepted (their last answer was not 2xx, or an error)
     * @param submitLatency client-side latency of the accepted ones, from the intended send time
     * @param submitToStart their jobs' time from {@code created_at} to the first attempt's start
     */
    record Period(int submissions, long failovers, int notAccepted, Spread submitLatency, Spread submitToStart) {}

    /**
     * The faults' period and the baseline.
     *
     * @param during the submissions due while a fault of the class ran
     * @param baseline those due outside every fault
     */
    record Comparison(Period during, Period baseline) {}

    private LoadDuringFaults() {}

    /**
     * Compares the submissions due during the faults of {@code kind} with those due outside every
     * fault in {@code events}.
     *
     * @param loadStart when the load started
     */
    static Comparison measure(
            FaultKind kind,
            List<FaultEvent> events,
            List<Submission> submissions,
            ChaosRecords records,
            Instant loadStart) {
        List<FaultEvent> ofKind = events.stream().filter(e -> e.kind() == kind).toList();
        Instant settled = loadStart.plus(FaultSchedule.SETTLE);
        Map<UUID, Instant> firstStarts = firstStarts(records.attempts());
        List<Submission> during = submissions.stream()
                .filter(s -> ofKind.stream().anyMatch(e -> within(s.intended(), e.injected(), e.recoverFrom())))
                .toList();
        List<Submission> baseline = submissions.stream()
                .filter(s -> !s.intended().isBefore(settled))
                .filter(s -> events.stream()
                        .noneMatch(e -> within(
                                s.intended(), e.injected(), e.recoverFrom().plus(FaultSchedule.QUIET))))
                .toList();
        return new Comparison(
                period(during, records.jobs(), firstStarts), period(baseline, records.jobs(), firstStarts));
    }

    private static Period period(List<Submission> submissions, Map<UUID, JobRow> jobs, Map<UUID, Instant> firstStarts) {
        List<Submission> accepted =
                submissions.stream().filter(Submission::accepted).toList();
        long[] latencies =
                accepted.stream().mapToLong(s -> s.latency().toMillis()).toArray();
        long[] toStart = accepted.stream()
                .map(s -> s.taskId().orElseThrow())
                .flatMap(id -> submitToStart(jobs.get(id), firstStarts.get(id)).stream())
                .mapToLong(Long::longValue)
                .toArray();
        return new Period(
                submissions.size(),
                submissions.stream().mapToLong(Submission::failovers).sum(),
                submissions.size() - accepted.size(),
                Spread.of(latencies),
                Spread.of(toStart));
    }

    private static Optional<Long> submitToStart(@Nullable JobRow job, @Nullable Instant firstStart) {
        if (job == null || firstStart == null) {
            return Optional.empty(); // lost, or never started: the verdict says so
        }
        return Optional.of(
                Math.max(0, Duration.between(job.createdAt(), firstStart).toMillis()));
    }

    private static Map<UUID, Instant> firstStarts(List<AttemptRow> attempts) {
        Map<UUID, Instant> first = new HashMap<>(attempts.size() * 2);
        for (AttemptRow attempt : attempts) {
            first.merge(attempt.jobId(), attempt.startedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return first;
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && !at.isAfter(to);
    }
}
