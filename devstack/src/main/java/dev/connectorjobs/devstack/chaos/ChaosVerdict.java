package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.devstack.chaos.ChaosRecords.AttemptRow;
import dev.connectorjobs.devstack.chaos.ChaosRecords.JobRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The checks at the end of a run, from PostgreSQL's records and the stub's. Each check counts the
 * jobs that break it; a run passes when every count is 0.
 *
 * <ul>
 *   <li>{@value #LOST}: accepted (2xx) but no row in {@code jobs}.
 *   <li>{@value #NOT_TERMINAL}: still not SUCCESS, FAILURE or REVOKED when the drain wait ended.
 *   <li>{@value #OVERLAPPING_ATTEMPTS}: two rows of {@code job_attempts} of one job whose times
 *       overlap.
 *   <li>{@value #REQUEST_OUTSIDE_ATTEMPT}: the stub got a request of the job from a worker at a
 *       moment when no attempt of the job on that worker was running: a zombie (a paused or cut-off
 *       worker that went on after its lease was reaped) or a run PostgreSQL never recorded.
 *   <li>{@value #CONCURRENT_REQUESTS}: two requests of one job in flight at the stub at once. One
 *       attempt sends its requests one after another, so this is two attempts running together.
 *   <li>{@value #SUCCESS_ATTEMPTS_NOT_ONE}: a SUCCESS job without exactly one SUCCESS attempt, or a
 *       job that is not SUCCESS with one.
 *   <li>{@value #KEYED_EFFECT_NOT_ONCE}: a keyed write ({@code external_api} with an {@code
 *       Idempotency-Key}) whose side effect at the stub happened more than once, or never for a
 *       SUCCESS job.
 * </ul>
 *
 * @param counts jobs breaking each check, every check present, in the order above
 * @param examples up to {@value #EXAMPLES} job ids per broken check
 */
record ChaosVerdict(Map<String, Integer> counts, Map<String, List<UUID>> examples) {

    static final String LOST = "lost";
    static final String NOT_TERMINAL = "not_terminal";
    static final String OVERLAPPING_ATTEMPTS = "overlapping_attempts";
    static final String REQUEST_OUTSIDE_ATTEMPT = "request_outside_attempt";
    static final String CONCURRENT_REQUESTS = "concurrent_requests";
    static final String SUCCESS_ATTEMPTS_NOT_ONE = "success_attempts_not_one";
    static final String KEYED_EFFECT_NOT_ONCE = "keyed_effect_not_once";
    static final int EXAMPLES = 3;

    private static final Set<String> TERMINAL = Set.of("SUCCESS", "FAILURE", "REVOKED");
    private static final String SUCCESS = "SUCCESS";

    ChaosVerdict {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        examples = Map.copyOf(examples);
    }

    /** Every violation of every check. */
    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Judges a run.
     *
     * @param accepted the ids of every job the API accepted
     * @param keyedJobs the jobs of keyed writes by the key in their request path
     * @param records what PostgreSQL holds about the accepted jobs
     * @param requests every request the stub received
     */
    static ChaosVerdict check(
            List<UUID> accepted, Map<String, UUID> keyedJobs, ChaosRecords records, List<StubRequest> requests) {
        Map<UUID, List<AttemptRow>> attempts =
                records.attempts().stream().collect(Collectors.groupingBy(AttemptRow::jobId));
        Map<UUID, List<StubRequest>> requestsByJob = new HashMap<>();
        for (StubRequest request : requests) {
            UUID job = keyedJobs.get(request.key());
            if (job != null) {
                requestsByJob.computeIfAbsent(job, j -> new ArrayList<>()).add(request);
            }
        }
        Set<UUID> keyed = Set.copyOf(keyedJobs.values());
        Map<String, List<UUID>> broken = new LinkedHashMap<>();
        List.of(
                        LOST,
                        NOT_TERMINAL,
                        OVERLAPPING_ATTEMPTS,
                        REQUEST_OUTSIDE_ATTEMPT,
                        CONCURRENT_REQUESTS,
                        SUCCESS_ATTEMPTS_NOT_ONE,
                        KEYED_EFFECT_NOT_ONCE)
                .forEach(check -> broken.put(check, new ArrayList<>()));
        for (UUID id : accepted) {
            JobRow job = records.jobs().get(id);
            if (job == null) {
                flag(broken, LOST, id);
                continue;
            }
            List<AttemptRow> jobAttempts = attempts.getOrDefault(id, List.of());
            List<StubRequest> jobRequests = requestsByJob.getOrDefault(id, List.of());
            boolean terminal = TERMINAL.contains(job.status());
            if (!terminal) {
                flag(broken, NOT_TERMINAL, id);
            }
            if (overlap(jobAttempts)) {
                flag(broken, OVERLAPPING_ATTEMPTS, id);
            }
            // A job still running has an attempt without a row yet; only finished jobs are judged.
            if (terminal && jobRequests.stream().anyMatch(r -> outsideAttempts(r, jobAttempts))) {
                flag(broken, REQUEST_OUTSIDE_ATTEMPT, id);
            }
            if (concurrent(jobRequests)) {
                flag(broken, CONCURRENT_REQUESTS, id);
            }
            long successes = jobAttempts.stream()
                    .filter(a -> SUCCESS.equals(a.outcome()))
                    .count();
            if (SUCCESS.equals(job.status()) ? successes != 1 : successes > 0) {
                flag(broken, SUCCESS_ATTEMPTS_NOT_ONE, id);
            }
            if (keyed.contains(id) && !effectOnce(job, jobRequests)) {
                flag(broken, KEYED_EFFECT_NOT_ONCE, id);
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, List<UUID>> examples = new HashMap<>();
        broken.forEach((check, ids) -> {
            counts.put(check, ids.size());
            if (!ids.isEmpty()) {
                examples.put(check, List.copyOf(ids.subList(0, Math.min(EXAMPLES, ids.size()))));
            }
        });
        return new ChaosVerdict(counts, examples);
    }

    private static void flag(Map<String, List<UUID>> broken, String check, UUID job) {
        broken.computeIfAbsent(check, c -> new ArrayList<>()).add(job);
    }

    private static boolean overlap(List<AttemptRow> attempts) {
        List<AttemptRow> byStart = attempts.stream()
                .sorted(Comparator.comparing(AttemptRow::startedAt))
                .toList();
        for (int i = 1; i < byStart.size(); i++) {
            if (byStart.get(i).startedAt().isBefore(byStart.get(i - 1).finishedAt())) {
                return true;
            }
        }
        return false;
    }

    private static boolean outsideAttempts(StubRequest request, List<AttemptRow> attempts) {
        return attempts.stream()
                .noneMatch(a -> a.workerId().equals(request.workerId())
                        && !request.arrived().isBefore(a.startedAt())
                        && !request.arrived().isAfter(a.finishedAt()));
    }

    private static boolean concurrent(List<StubRequest> requests) {
        List<StubRequest> byArrival = requests.stream()
                .sorted(Comparator.comparing(StubRequest::arrived))
                .toList();
        for (int i = 1; i < byArrival.size(); i++) {
            if (byArrival.get(i).arrived().isBefore(byArrival.get(i - 1).answered())) {
                return true;
            }
        }
        return false;
    }

    private static boolean effectOnce(JobRow job, List<StubRequest> requests) {
        long effects = requests.stream().filter(StubRequest::effect).count();
        return SUCCESS.equals(job.status()) ? effects == 1 : effects <= 1;
    }
}
