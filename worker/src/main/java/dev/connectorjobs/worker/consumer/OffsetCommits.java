package dev.connectorjobs.worker.consumer;

import dev.connectorjobs.worker.config.WorkerProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * When each dispatch consumer lets its claimed records' offsets go. The claim owns a job, not the
 * offset, so offsets are committed at most once per {@link WorkerProperties#offsetCommitInterval()}
 * on each consumer thread: the acknowledgements of the polls in between wait, and go together, oldest
 * first, with the next commit. They also go when the consumer has had no records for that interval,
 * before its partitions are revoked, and before a poll is partly or wholly sought back. So an idle
 * consumer's committed offsets reach the end of its partitions (its lag reads zero), and a
 * rebalance redelivers nothing that was claimed.
 *
 * <p>Everything here runs on the consumer's own thread: the listener, the container's idle events
 * and the rebalance callbacks, so each thread keeps its own {@link CommitPacer}.
 */
@Component
class OffsetCommits implements ConsumerAwareRebalanceListener {

    /** The listener id of the dispatch consumers' containers ({@code job-records-0}, ...). */
    static final String LISTENER_ID = "job-records";

    private final Duration interval;
    private final ThreadLocal<CommitPacer> pacers;

    OffsetCommits(WorkerProperties properties) {
        this.interval = properties.offsetCommitInterval();
        this.pacers = ThreadLocal.withInitial(() -> new CommitPacer(interval));
    }

    /** How long a consumer must have had no records before its waiting offsets go. */
    Duration idleInterval() {
        return interval;
    }

    /** A poll whose records are all claimed (or skipped): its offsets go now or with the next commit. */
    void claimed(Acknowledgment ack) {
        pacers.get().claimed(ack, System.nanoTime());
    }

    /**
     * Seeks a poll back from {@code index} on (0: all of it) for redelivery after {@code backoff}.
     * The waiting acknowledgements go first, so that none of them trails a later commit; with an
     * index above 0 the container commits the records before it, and the interval restarts.
     */
    void seekBack(Acknowledgment ack, int index, Duration backoff) {
        CommitPacer pacer = pacers.get();
        long now = System.nanoTime();
        pacer.flush(now);
        ack.nack(index, backoff);
        if (index > 0) {
            pacer.committed(now);
        }
    }

    @EventListener(condition = "#event.listenerId.startsWith('" + LISTENER_ID + "')")
    void onIdle(ListenerContainerIdleEvent event) {
        pacers.get().flush(System.nanoTime());
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        pacers.get().flush(System.nanoTime());
    }

    /** One consumer thread's pacing: when it last committed, and what waits for the next commit. */
    static final class CommitPacer {

        private final long intervalNanos;
        private final List<Acknowledgment> waiting = new ArrayList<>();
        private long lastCommitNanos;
        private boolean committedBefore;

        CommitPacer(Duration interval) {
            this.intervalNanos = interval.toNanos();
        }

        /** Adds a claimed poll's acknowledgement; all waiting ones go if a commit is due. */
        void claimed(Acknowledgment ack, long nowNanos) {
            waiting.add(ack);
            if (due(nowNanos)) {
                release();
            }
        }

        /** Lets every waiting acknowledgement go, oldest first; a commit made now, if there were any. */
        void flush(long nowNanos) {
            if (!waiting.isEmpty()) {
                release();
                committed(nowNanos);
            }
        }

        int waiting() {
            return waiting.size();
        }

        /** Whether a commit is due at {@code nowNanos}; if so, it counts as made then. */
        boolean due(long nowNanos) {
            if (committedBefore && nowNanos - lastCommitNanos < intervalNanos) {
                return false;
            }
            committed(nowNanos);
            return true;
        }

        void committed(long nowNanos) {
            lastCommitNanos = nowNanos;
            committedBefore = true;
        }

        private void release() {
            // The container takes the highest offset per partition of what is acknowledged before
            // its next commit, so the order matters only across commits; oldest first keeps it safe.
            for (Acknowledgment ack : waiting) {
                ack.acknowledge();
            }
            waiting.clear();
        }
    }
}
