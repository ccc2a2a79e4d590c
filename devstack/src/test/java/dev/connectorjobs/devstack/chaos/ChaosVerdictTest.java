package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.devstack.chaos.ChaosRecords.AttemptRow;
import dev.connectorjobs.devstack.chaos.ChaosRecords.JobRow;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChaosVerdictTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final String KEY = "run-7";

    @Test
    void a_job_that_succeeded_once_after_a_lost_worker_breaks_no_check() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 12, "WORKER_LOST"), attempt(2, "worker-2", 13, 14, "SUCCESS")),
                requests(request("worker-1", 1, 2, true), request("worker-2", 13.5, 13.6, false)));

        assertThat(verdict.total()).isZero();
        assertThat(verdict.counts())
                .containsOnlyKeys(
                        ChaosVerdict.LOST,
                        ChaosVerdict.NOT_TERMINAL,
                        ChaosVerdict.OVERLAPPING_ATTEMPTS,
                        ChaosVerdict.REQUEST_OUTSIDE_ATTEMPT,
                        ChaosVerdict.CONCURRENT_REQUESTS,
                        ChaosVerdict.SUCCESS_ATTEMPTS_NOT_ONE,
                        ChaosVerdict.KEYED_EFFECT_NOT_ONCE);
    }

    @Test
    void an_accepted_job_without_a_row_is_lost() {
        ChaosVerdict verdict = check(List.of(JOB), Map.of(), List.of(), List.of());

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.LOST, 1);
        assertThat(verdict.examples().get(ChaosVerdict.LOST)).containsExactly(JOB);
    }

    @Test
    void a_job_still_started_after_the_drain_is_not_terminal() {
        ChaosVerdict verdict = check(List.of(JOB), jobs(job("STARTED", -1)), List.of(), List.of());

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.NOT_TERMINAL, 1);
    }

    @Test
    void two_attempts_whose_times_overlap_are_a_violation() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 10, "WORKER_LOST"), attempt(2, "worker-2", 9, 20, "SUCCESS")),
                requests(request("worker-2", 9.5, 9.6, true)));

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.OVERLAPPING_ATTEMPTS, 1);
    }

    @Test
    void a_request_from_a_worker_after_its_attempt_was_reaped_is_a_zombie() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 12, "WORKER_LOST"), attempt(2, "worker-2", 13, 14, "SUCCESS")),
                requests(request("worker-2", 13.5, 13.6, true), request("worker-1", 40, 40.1, false)));

        assertThat(verdict.counts())
                .containsEntry(ChaosVerdict.REQUEST_OUTSIDE_ATTEMPT, 1)
                .containsEntry(ChaosVerdict.CONCURRENT_REQUESTS, 0);
    }

    @Test
    void a_request_inside_another_workers_attempt_is_a_zombie_too() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 12, "WORKER_LOST"), attempt(2, "worker-2", 13, 20, "SUCCESS")),
                requests(request("worker-2", 13.5, 13.6, true), request("worker-1", 15, 15.1, false)));

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.REQUEST_OUTSIDE_ATTEMPT, 1);
    }

    @Test
    void two_requests_of_one_job_in_flight_at_once_are_concurrent_attempts() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 20, "SUCCESS")),
                requests(request("worker-1", 1, 1.5, true), request("worker-1", 1.2, 1.7, false)));

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.CONCURRENT_REQUESTS, 1);
    }

    @Test
    void a_success_with_two_successful_attempts_is_a_violation() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 5, "SUCCESS"), attempt(2, "worker-2", 6, 8, "SUCCESS")),
                requests(request("worker-1", 1, 2, true)));

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.SUCCESS_ATTEMPTS_NOT_ONE, 1);
    }

    @Test
    void a_success_without_a_successful_attempt_is_a_violation() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 5, "WORKER_LOST")),
                requests(request("worker-1", 1, 2, true)));

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.SUCCESS_ATTEMPTS_NOT_ONE, 1);
    }

    @Test
    void a_keyed_write_whose_effect_happened_twice_is_a_violation() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 5, "SUCCESS")),
                requests(request("worker-1", 1, 1.1, true), request("worker-1", 2, 2.1, true)));

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.KEYED_EFFECT_NOT_ONCE, 1);
    }

    @Test
    void a_successful_keyed_write_the_stub_never_applied_is_a_violation() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("SUCCESS", 30)),
                attempts(attempt(1, "worker-1", 0, 5, "SUCCESS")),
                requests(request("worker-1", 1, 1.1, false)));

        assertThat(verdict.counts()).containsEntry(ChaosVerdict.KEYED_EFFECT_NOT_ONCE, 1);
    }

    @Test
    void a_failed_keyed_write_may_have_taken_no_effect() {
        ChaosVerdict verdict = check(
                List.of(JOB),
                jobs(job("FAILURE", 30)),
                attempts(attempt(1, "worker-1", 0, 5, "FAILURE")),
                requests(request("worker-1", 1, 1.1, false)));

        assertThat(verdict.total()).isZero();
    }

    @Test
    void requests_of_jobs_the_api_never_acknowledged_are_not_judged() {
        ChaosVerdict verdict = ChaosVerdict.check(
                List.of(),
                Map.of(),
                new ChaosRecords(Map.of(), List.of()),
                requests(request("worker-1", 1, 1.1, true), request("worker-1", 1.05, 1.2, true)));

        assertThat(verdict.total()).isZero();
    }

    private static ChaosVerdict check(
            List<UUID> accepted, Map<UUID, JobRow> jobs, List<AttemptRow> attempts, List<StubRequest> requests) {
        return ChaosVerdict.check(accepted, Map.of(KEY, JOB), new ChaosRecords(jobs, attempts), requests);
    }

    /** A job of {@link #JOB} finished {@code finishedSecond} s after T0, or still running when negative. */
    private static JobRow job(String status, double finishedSecond) {
        return new JobRow(
                JOB,
                "external_api",
                status,
                T0,
                finishedSecond < 0 ? Optional.empty() : Optional.of(at(finishedSecond)));
    }

    private static Map<UUID, JobRow> jobs(JobRow... rows) {
        Map<UUID, JobRow> jobs = new HashMap<>();
        Arrays.stream(rows).forEach(row -> jobs.put(row.id(), row));
        return jobs;
    }

    private static AttemptRow attempt(int attempt, String worker, double from, double to, String outcome) {
        return new AttemptRow(JOB, attempt, worker, at(from), at(to), outcome);
    }

    private static List<AttemptRow> attempts(AttemptRow... rows) {
        return List.of(rows);
    }

    private static StubRequest request(String worker, double arrived, double answered, boolean effect) {
        return new StubRequest(worker, KEY, Optional.of(KEY), at(arrived), at(answered), 200, effect);
    }

    private static List<StubRequest> requests(StubRequest... requests) {
        return List.of(requests);
    }

    private static Instant at(double second) {
        return T0.plusMillis(Math.round(second * 1000));
    }
}
