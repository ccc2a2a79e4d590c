package dev.connectorjobs.bench;

import dev.connectorjobs.bench.JobRecords.AttemptRow;
import dev.connectorjobs.bench.JobRecords.JobRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The verdict on a run: did every accepted job run exactly once? A job passes when its row exists
 * and is {@code SUCCESS} on attempt 1, and {@code job_attempts} holds exactly one row for it:
 * attempt 1, outcome {@code SUCCESS}. Anything else is a problem: a lost job (no row), one that did
 * not succeed, one without a record of its run, one that ran more than once or needed another
 * attempt (the bench's jobs never fail, so a second attempt means a worker was lost or the job was
 * handed back, which a benchmark must not hide).
 */
final class ExactlyOnce {

    static final int EXAMPLES = 3;

    /**
     * The verdict.
     *
     * @param jobs accepted jobs checked
     * @param problems what is wrong, one sentence each with example ids; empty when all is well
     */
    record Verdict(int jobs, List<String> problems) {

        Verdict {
            problems = List.copyOf(problems);
        }

        boolean ok() {
            return problems.isEmpty();
        }

        /** {@code exactly-once: OK (...)} or {@code exactly-once: FAILED: ...}. */
        String summary() {
            return ok()
                    ? "exactly-once: OK (%d jobs SUCCESS, each with exactly one attempt record: attempt 1, SUCCESS)"
                            .formatted(jobs)
                    : "exactly-once: FAILED: " + String.join("; ", problems);
        }
    }

    private ExactlyOnce() {}

    static Verdict check(List<UUID> accepted, JobRecords records) {
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
        List<UUID> present =
                accepted.stream().filter(id -> records.jobs().containsKey(id)).toList();
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
                        present, id -> attemptsByJob.getOrDefault(id, List.of()).size() > 1),
                "ran more than once: more than one row in job_attempts");
        report(
                problems,
                matching(
                        present,
                        id -> Objects.requireNonNull(records.jobs().get(id), "a present job has a row")
                                                .attempt()
                                        != 1
                                || attemptsByJob.getOrDefault(id, List.of()).stream()
                                        .anyMatch(a -> a.attempt() != 1)),
                "needed more than one attempt (attempt > 1)");
        return new Verdict(accepted.size(), problems);
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
