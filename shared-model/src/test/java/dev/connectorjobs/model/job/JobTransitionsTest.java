package dev.connectorjobs.model.job;

import static dev.connectorjobs.model.job.JobStatus.FAILURE;
import static dev.connectorjobs.model.job.JobStatus.PENDING;
import static dev.connectorjobs.model.job.JobStatus.QUEUED;
import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.REVOKED;
import static dev.connectorjobs.model.job.JobStatus.STARTED;
import static dev.connectorjobs.model.job.JobStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobTransitionsTest {

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"SUCCESS", "FAILURE", "REVOKED"})
    void terminal_states_have_no_way_out_but_a_re_drive(JobStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (JobStatus target : JobStatus.values()) {
            assertThat(terminal.canMoveTo(target))
                    .as(terminal + " -> " + target)
                    .isEqualTo(JobTransitions.isRedrive(terminal, target));
        }
    }

    @Test
    void failed_and_revoked_jobs_can_be_re_driven_to_pending_but_a_success_cannot() {
        assertThat(JobTransitions.redrivable()).containsExactlyInAnyOrder(FAILURE, REVOKED);
        assertThat(FAILURE.canMoveTo(PENDING)).isTrue();
        assertThat(REVOKED.canMoveTo(PENDING)).isTrue();
        assertThat(SUCCESS.canMoveTo(PENDING)).isFalse();
        assertThat(JobTransitions.isRedrive(FAILURE, STARTED)).isFalse();
        assertThat(JobTransitions.isRedrive(RETRY, PENDING))
                .as("a due retry is not a re-drive")
                .isFalse();
    }

    @Test
    void a_re_driven_job_enters_the_lifecycle_where_a_new_job_does() {
        assertThat(JobTransitions.sourcesOf(PENDING)).containsExactlyInAnyOrder(RETRY, STARTED, FAILURE, REVOKED);
        assertThat(JobTransitions.sourcesOf(STARTED))
                .as("a re-driven job is dispatched before it is claimed")
                .doesNotContain(FAILURE, REVOKED);
    }

    @Test
    void only_waiting_jobs_can_be_claimed() {
        assertThat(JobTransitions.sourcesOf(STARTED)).containsExactlyInAnyOrder(PENDING, QUEUED);
    }

    @Test
    void a_job_can_be_revoked_in_every_non_terminal_state() {
        assertThat(JobTransitions.sourcesOf(REVOKED)).containsExactlyInAnyOrder(PENDING, QUEUED, RETRY, STARTED);
    }

    @Test
    void only_a_started_attempt_can_succeed() {
        assertThat(JobTransitions.sourcesOf(SUCCESS)).containsExactly(STARTED);
    }

    @Test
    void a_due_retry_goes_back_to_pending_for_the_dispatcher() {
        assertThat(RETRY.canMoveTo(PENDING)).isTrue();
        assertThat(RETRY.canMoveTo(STARTED)).isFalse();
    }

    @Test
    void an_illegal_transition_is_refused_with_the_legal_targets_named() {
        assertThatThrownBy(() -> JobTransitions.check(SUCCESS, STARTED))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("SUCCESS to STARTED");
        assertThatThrownBy(() -> JobTransitions.check(QUEUED, RETRY))
                .hasMessageContaining("legal targets from QUEUED are");
    }

    @Test
    void every_state_can_reach_a_terminal_state() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(reachesTerminal(status, 0)).as(status.name()).isTrue();
        }
    }

    private static boolean reachesTerminal(JobStatus status, int depth) {
        if (status.isTerminal()) {
            return true;
        }
        return depth < JobStatus.values().length
                && JobTransitions.targetsOf(status).stream().anyMatch(t -> reachesTerminal(t, depth + 1));
    }

    @Test
    void failure_is_reachable_before_a_job_ever_runs() {
        assertThat(PENDING.canMoveTo(FAILURE)).isTrue();
    }
}
