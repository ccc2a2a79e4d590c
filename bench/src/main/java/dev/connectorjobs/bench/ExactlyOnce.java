package dev.connectorjobs.bench;

import dev.connectorjobs.bench.JobRecords.AttemptRow;
import dev.connectorjobs.bench.JobRecords.JobRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on a run: did every accepted job run exactly once? A job passes when its row exists
 * and is {@code SUCCESS} on attempt 1, and {@code job_attempts} holds exactly one row for it:
 * attempt 1, outcome {@code SUCCESS}. Anything else is a problem: a lost job (no row), one that did
 * not succeed, one without a record of its run, one that ran more than once or needed another
 * attempt (the bench's jobs never fail, so a second attempt means a worker was lost or the job was
 * handed back, which a benchmark must not hide).
 *
 * <p>The one exception is a worker the bench killed on purpose ({@code --replica-events kill@S}):
 * its jobs in flight lose their attempt ({@code WORKER_LOST}, written by the reaper once their lease
 * expires) and run again. Such a job passes when every attempt but its last is a {@code WORKER_LOST}
 * on a killed worker and its last attempt is its only {@code SUCCESS}; any other repeated run still
 * fails the run.
 */
final class ExactlyOnce {

    static final int EXAMPLES = 3;

    /**
     * The verdict.
     *
     * @param jobs accepted jobs checked
     * @param problems what is wrong, one sentence each with example ids; empty when all is well
     */
    record Verdict(int jobs, List<String> problems, int rerunAfterKill) {

        Verdict {
            problems = List.copyOf(problems);
        }

        Verdict(int jobs, List<String> problems) {
            this(jobs, problems, 0);
        }

        boolean ok() {
            return problems.isEmpty();
        }

        /** {@code exactly-once: OK (...)} or {@code exactly-once: FAILED: ...}. */
        String summary() {
            if (!ok()) {
                return "exactly-once: FAILED: " + String.join("; ", problems);
            }
            return rerunAfterKill == 0
                    ? "exactly-once: OK (%d jobs SUCCESS, each with exactly one attempt record: attempt 1, SUCCESS)"
                            .formatted(jobs)
                    : ("exactly-once: OK (%d jobs SUCCESS, each with exactly one SUCCESS attempt record; %d of them"
                                    + " ran again after the worker running them was killed: WORKER_LOST, then SUCCESS)")
                            .formatted(jobs, rerunAfterKill);
        }
    }

    private ExactlyOnce() {}

    static Verdict check(List<UUID> accepted, JobRecords records) {
        return check(accepted, records, Set.of());
    }

    /**
     * The verdict when the workers {@code killedWorkers} were killed on purpose during the run: their
     * lost jobs may run again.
     */
    static Verdict check(List<UUID> accepted, JobRecords records, Set<String> killedWorkers) {
        Map<UUID, List<AttemptRow>> attemptsByJob = new HashMap<>();
        for (AttemptRow attempt : records.attempts()) {
            attemptsByJob
                    .computeIfAbsent(attempt.jobId(), id -> new ArrayList<>())
                    .add(attempt);
        }
        List<UUID> lost = new ArrayList<>();
        Map<String, List<UUID>> notSucceeded = new TreeMap<>();
        for (UUID id : accepted) {
            JobRow row = records.jobs().get(id);
            if (row == null) {
                lost.add(id);
            } else if (!JobStates.SUCCESS.equals(row.status())) {
                notSucceeded
                        .computeIfAbsent(row.status(), s -> new ArrayList<>())
                        .add(id);
            }
        }
        List<String> problems = new ArrayList<>();
        report(problems, lost, "lost: accepted (2xx) but no row in jobs");
        if (!notSucceeded.isEmpty()) {
            List<UUID> all =
                    notSucceeded.values().stream().flatMap(List::stream).toList();
            String byStatus = notSucceeded.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().size())
                    .collect(Collectors.joining(", "));
            report(problems, all, "not SUCCESS (" + byStatus + ")");
        }
        List<UUID> excused = accepted.stream()
                .filter(id -> rerunAfterKill(
                        records.jobs().get(id), attemptsByJob.getOrDefault(id, List.of()), killedWorkers))
                .toList();
        Set<UUID> excusedIds = Set.copyOf(excused);
        List<UUID> present =
                accepted.stream().filter(id -> records.jobs().containsKey(id)).toList();
        List<UUID> presentNotExcused =
                present.stream().filter(id -> !excusedIds.contains(id)).toList();
        report(
                problems,
                matching(
                        present,
                        id -> attemptsByJob.getOrDefault(id, List.of()).stream()
                                .noneMatch(a -> JobStates.SUCCESS.equals(a.outcome()))),
                "without a SUCCESS row in job_attempts");
        report(
                problems,
                matching(
                        presentNotExcused,
                        id -> attemptsByJob.getOrDefault(id, List.of()).size() > 1),
                "ran more than once: more than one row in job_attempts");
        report(
                problems,
                matching(
                        presentNotExcused,
                        id -> Objects.requireNonNull(records.jobs().get(id), "a present job has a row")
                                                .attempt()
                                        != 1
                                || attemptsByJob.getOrDefault(id, List.of()).stream()
                                        .anyMatch(a -> a.attempt() != 1)),
                "needed more than one attempt (attempt > 1)");
        return new Verdict(accepted.size(), problems, excused.size());
    }

    /**
     * Whether a job ran again only because a killed worker lost it: attempts 1 to n-1 are {@code
     * WORKER_LOST} on killed workers, attempt n, the job's current one, is its only {@code SUCCESS}.
     */
    static boolean rerunAfterKill(@Nullable JobRow row, List<AttemptRow> attempts, Set<String> killedWorkers) {
        if (row == null || attempts.size() < 2 || attempts.size() != row.attempt()) {
            return false;
        }
        List<AttemptRow> ordered = attempts.stream()
                .sorted(Comparator.comparingInt(AttemptRow::attempt))
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            AttemptRow attempt = ordered.get(i);
            boolean last = i == ordered.size() - 1;
            if (attempt.attempt() != i + 1) {
                return false;
            }
            boolean ok = last
                    ? JobStates.SUCCESS.equals(attempt.outcome())
                    : JobStates.WORKER_LOST.equals(attempt.outcome()) && killedWorkers.contains(attempt.workerId());
            if (!ok) {
                return false;
            }
        }
        return JobStates.SUCCESS.equals(row.status());
    }

    private static List<UUID> matching(List<UUID> ids, Predicate<UUID> condition) {
        return ids.stream().filter(condition).toList();
    }

    private static void report(List<String> problems, List<UUID> ids, String what) {
        if (ids.isEmpty()) {
            return;
        }
        String examples = ids.stream().limit(EXAMPLES).map(UUID::toString).collect(Collectors.joining(", "));
        problems.add("%d job(s) %s, e.g. %s".formatted(ids.size(), what, examples));
    }
}
