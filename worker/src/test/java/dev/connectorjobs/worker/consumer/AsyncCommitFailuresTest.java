package dev.connectorjobs.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

class AsyncCommitFailuresTest {

    @Test
    void a_commit_that_met_a_cooperative_rebalance_is_expected_and_any_other_failure_is_not() {
        assertThat(AsyncCommitFailures.isRebalance(new RebalanceInProgressException("rebalancing")))
                .isTrue();
        assertThat(AsyncCommitFailures.isRebalance(new CommitFailedException("gone")))
                .isFalse();
    }
}
