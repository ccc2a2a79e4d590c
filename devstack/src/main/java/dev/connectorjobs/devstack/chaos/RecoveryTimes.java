package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.devstack.chaos.ChaosRecords.AttemptRow;
import dev.connectorjobs.devstack.chaos.ChaosRecords.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long the stack took to recover from each fault, by fault class, measured from the fault's
 * {@link FaultEvent#recoverFrom() recovery start}: to the next attempt that started (the stack
 * runs jobs again), and to the moment every job accepted before it was terminal (the backlog it
 * left is drained). Both come from PostgreSQL's timestamps after the run.
 */
final class RecoveryTimes {

    /**
     * One fault class.
     *
     * @param count faults injected
     * @param nextStart p50 and p99 time to the next attempt started
     * @param drained p50 and p99 time until the backlog was drained
     */
    record ByKind(int count, Percentiles nextStart, Percentiles drained) {}

    /** Nearest-rank percentiles, in milliseconds; empty when no fault of the class was followed by one. */
    record Percentiles(Optional<Long> p50Ms, Optional<Long> p99Ms) {

        static Percentiles of(List<Long> millis) {
            if (millis.isEmpty()) {
                return new Percentiles(Optional.empty(), Optional.empty());
            }
            long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Percentiles(Optional.of(nearestRank(sorted, 50)), Optional.of(nearestRank(sorted, 99)));
        }

        /** The smallest of {@code sorted} (not empty) that at least {@code percentile} % of them do not exceed. */
        static long nearestRank(long[] sorted, int percentile) {
            int rank = (int) Math.ceil(percentile * sorted.length / 100.0);
            return sorted[Math.max(rank, 1) - 1];
        }
    }

    private RecoveryTimes() {}

    static Map<FaultKind, ByKind> measure(List<FaultEvent> events, ChaosRecords records) {
        Instant[] starts =
                records.attempts().stream().map(AttemptRow::startedAt).sorted().toArray(Instant[]::new);
        Map<FaultKind, List<FaultEvent>> byKind = new EnumMap<>(FaultKind.class);
        events.forEach(
                e -> byKind.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(e));
        Map<FaultKind, ByKind> result = new EnumMap<>(FaultKind.class);
        byKind.forEach((kind, faults) -> {
            List<Long> nextStart = new ArrayList<>();
            List<Long> drained = new ArrayList<>();
            for (FaultEvent fault : faults) {
                nextStart(starts, fault.recoverFrom()).ifPresent(nextStart::add);
                drained(records.jobs().values(), fault.recoverFrom()).ifPresent(drained::add);
            }
            result.put(kind, new ByKind(faults.size(), Percentiles.of(nextStart), Percentiles.of(drained)));
        });
        return result;
    }

    private static Optional<Long> nextStart(Instant[] sortedStarts, Instant from) {
        int index = Arrays.binarySearch(sortedStarts, from);
        int next = index >= 0 ? index : -index - 1;
        return next < sortedStarts.length
                ? Optional.of(Duration.between(from, sortedStarts[next]).toMillis())
                : Optional.empty();
    }

    /** Until the last job accepted before {@code from} finished; 0 when all had finished before it. */
    private static Optional<Long> drained(Collection<JobRow> jobs, Instant from) {
        Optional<Instant> last = Optional.empty();
        for (JobRow job : jobs) {
            if (job.createdAt().isAfter(from)) {
                continue;
            }
            if (job.finishedAt().isEmpty()) {
                return Optional.empty(); // never drained
            }
            Instant finished = job.finishedAt().get();
            if (last.isEmpty() || finished.isAfter(last.get())) {
                last = Optional.of(finished);
            }
        }
        return last.map(l -> Math.max(0, Duration.between(from, l).toMillis()));
    }
}
