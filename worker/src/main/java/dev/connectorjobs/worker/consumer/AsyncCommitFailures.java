package dev.connectorjobs.worker.consumer;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed asynchronous offset commit of the dispatch consumers is worth saying. Under the
 * cooperative rebalance protocol a consumer keeps polling while the group rebalances, and a commit
 * sent then fails with {@link RebalanceInProgressException}: every worker joining or leaving would
 * log an ERROR for it (Spring Kafka's default callback). It is expected and harmless, since offsets
 * are only a hint (a claim owns a job) and the next commit carries these offsets too, so it is logged
 * at DEBUG; any other failure at WARN.
 */
final class AsyncCommitFailures implements OffsetCommitCallback {

    private static final Logger log = LoggerFactory.getLogger(AsyncCommitFailures.class);

    @Override
    public void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, @Nullable Exception exception) {
        if (exception == null) {
            return;
        }
        if (isRebalance(exception)) {
            log.debug("Offset commit during a rebalance did not go; the next commit carries {}", offsets);
        } else {
            log.warn(
                    "Offset commit of {} failed; the next commit carries these offsets: {}",
                    offsets,
                    exception.toString());
        }
    }

    /** Whether the commit failed only because the group was rebalancing. */
    static boolean isRebalance(Exception exception) {
        return exception instanceof RebalanceInProgressException;
    }
}
