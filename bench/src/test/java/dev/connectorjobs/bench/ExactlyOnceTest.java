package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.ExactlyOnce.Verdict;
import dev.connectorjobs.bench.JobRecords.AttemptRow;
import dev.connectorjobs.bench.JobRecords.JobRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExactlyOnceTest {

    private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");

    private final List<UUID> accepted = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private final Map<UUID, JobRow> jobs = new HashMap<>();
    private final List<AttemptRow> attempts = new ArrayList<>();

    private void ranOnce(UUID id) {
        jobs.put(id, row(id, "SUCCESS", 1));
        attempts.add(new AttemptRow(id, 1, "SUCCESS", "worker-1", AT));
    }

    private static JobRow row(UUID id, String status, int attempt) {
        return new JobRow(id, status, attempt, AT, Optional.of(AT), Optional.of(AT));
    }

    private Verdict verdict() {
        return ExactlyOnce.check(accepted, new JobRecords(jobs, attempts));
    }

    @Test
    void jobs_that_succeeded_on_their_only_attempt_pass() {
        accepted.forEach(this::ranOnce);

        Verdict verdict = verdict();

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.summary()).startsWith("exactly-once: OK (3 jobs SUCCESS");
    }

    @Test
    void an_accepted_job_without_a_row_is_lost() {
        ranOnce(accepted.get(0));
        ranOnce(accepted.get(1));

        Verdict verdict = verdict();

        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.problems())
                .containsExactly("1 job(s) lost: accepted (2xx) but no row in jobs, e.g. " + accepted.get(2));
        assertThat(verdict.summary()).startsWith("exactly-once: FAILED: 1 job(s) lost");
    }

    @Test
    void jobs_that_did_not_succeed_are_counted_by_status() {
        ranOnce(accepted.get(0));
        jobs.put(accepted.get(1), row(accepted.get(1), "FAILURE", 1));
        attempts.add(new AttemptRow(accepted.get(1), 1, "FAILURE", "worker-1", AT));
        jobs.put(accepted.get(2), row(accepted.get(2), "QUEUED", 1));

        assertThat(verdict().problems())
                .anySatisfy(p -> assertThat(p).startsWith("2 job(s) not SUCCESS (FAILURE 1, QUEUED 1)"))
                .anySatisfy(p -> assertThat(p).startsWith("2 job(s) without a SUCCESS row in job_attempts"));
    }

    @Test
    void a_job_with_two_attempt_records_ran_more_than_once() {
        accepted.forEach(this::ranOnce);
        UUID twice = accepted.get(1);
        jobs.put(twice, row(twice, "SUCCESS", 2));
        attempts.add(new AttemptRow(twice, 2, "SUCCESS", "worker-1", AT));

        assertThat(verdict().problems())
                .containsExactly(
                        "1 job(s) ran more than once: more than one row in job_attempts, e.g. " + twice,
                        "1 job(s) needed more than one attempt (attempt > 1), e.g. " + twice);
    }

    @Test
    void a_second_attempt_after_a_lost_worker_is_reported_even_though_the_job_succeeded() {
        accepted.forEach(this::ranOnce);
        UUID retried = accepted.get(0);
        jobs.put(retried, row(retried, "SUCCESS", 2));
        attempts.removeIf(a -> a.jobId().equals(retried));
        attempts.add(new AttemptRow(retried, 1, "WORKER_LOST", "worker-1", AT));
        attempts.add(new AttemptRow(retried, 2, "SUCCESS", "worker-1", AT));

        assertThat(verdict().problems())
                .hasSize(2)
                .allSatisfy(p -> assertThat(p).startsWith("1 job(s)").endsWith(retried.toString()));
    }

    private UUID lostOn(String worker) {
        UUID retried = accepted.get(0);
        jobs.put(retried, row(retried, "SUCCESS", 2));
        attempts.removeIf(a -> a.jobId().equals(retried));
        attempts.add(new AttemptRow(retried, 1, "WORKER_LOST", worker, AT));
        attempts.add(new AttemptRow(retried, 2, "SUCCESS", "worker-2", AT));
        return retried;
    }

    @Test
    void a_job_lost_in_flight_on_a_worker_killed_on_purpose_may_run_again() {
        accepted.forEach(this::ranOnce);
        lostOn("worker-1");

        Verdict verdict = ExactlyOnce.check(accepted, new JobRecords(jobs, attempts), Set.of("worker-1"));

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.rerunAfterKill()).isEqualTo(1);
        assertThat(verdict.summary()).contains("1 of them ran again after the worker running them was killed");
    }

    @Test
    void a_job_lost_on_a_worker_that_was_not_killed_still_fails_the_run() {
        accepted.forEach(this::ranOnce);
        UUID retried = lostOn("worker-3");

        Verdict verdict = ExactlyOnce.check(accepted, new JobRecords(jobs, attempts), Set.of("worker-1"));

        assertThat(verdict.problems()).hasSize(2).allSatisfy(p -> assertThat(p).endsWith(retried.toString()));
    }

    @Test
    void a_killed_workers_job_that_ran_twice_more_or_failed_otherwise_still_fails_the_run() {
        accepted.forEach(this::ranOnce);
        UUID retried = lostOn("worker-1");
        jobs.put(retried, row(retried, "SUCCESS", 3));
        attempts.add(new AttemptRow(retried, 3, "SUCCESS", "worker-2", AT));
        UUID handedBack = accepted.get(1);
        jobs.put(handedBack, row(handedBack, "SUCCESS", 2));
        attempts.add(new AttemptRow(handedBack, 2, "SUCCESS", "worker-2", AT));

        Verdict verdict = ExactlyOnce.check(accepted, new JobRecords(jobs, attempts), Set.of("worker-1"));

        assertThat(verdict.problems())
                .anySatisfy(p ->
                        assertThat(p).startsWith("2 job(s) ran more than once").contains(retried.toString()));
        assertThat(verdict.rerunAfterKill()).isZero();
    }

    @Test
    void a_succeeded_job_without_its_attempt_record_is_reported() {
        accepted.forEach(this::ranOnce);
        attempts.removeIf(a -> a.jobId().equals(accepted.get(2)));

        assertThat(verdict().problems())
                .containsExactly("1 job(s) without a SUCCESS row in job_attempts, e.g. " + accepted.get(2));
    }

    @Test
    void problems_name_at_most_three_example_ids() {
        List<UUID> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(UUID.randomUUID());
        }

        Verdict verdict = ExactlyOnce.check(many, new JobRecords(Map.of(), List.of()));

        assertThat(verdict.problems()).hasSize(1);
        assertThat(verdict.problems().getFirst())
                .startsWith("10 job(s) lost")
                .contains(many.get(2).toString())
                .doesNotContain(many.get(3).toString());
    }
}
