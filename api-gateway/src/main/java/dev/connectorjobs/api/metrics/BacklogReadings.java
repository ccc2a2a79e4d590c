package dev.connectorjobs.api.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The last reading of the backlog gauges, for pages that show the backlog without querying the
 * jobs table themselves (the console's overview).
 */
public interface BacklogReadings {

    /**
     * One queue and connector's unfinished jobs.
     *
     * @param pending stored, publication not yet confirmed
     * @param queued published, waiting for a worker
     * @param ready waiting for a worker now: pending, queued and retries that are due
     * @param readySince when the oldest ready job became ready; null when none is
     * @param running started on a worker
     * @param retryWaiting waiting for a later attempt (backoff)
     * @param heldByBreaker waiting for a later attempt because a circuit breaker was open
     * @param heldByLimit waiting for room in a cluster-wide limit of its connector or operation
     */
    record QueueBacklog(
            String queue,
            String connector,
            long pending,
            long queued,
            long ready,
            @Nullable Instant readySince,
            long running,
            long retryWaiting,
            long heldByBreaker,
            long heldByLimit) {

        /** Jobs in {@code RETRY}, due or not. */
        public long retry() {
            return ready - pending - queued + retryWaiting + heldByBreaker + heldByLimit;
        }
    }

    /**
     * The last reading.
     *
     * @param readAt when it was read
     * @param groups one entry per queue and connector with unfinished jobs
     */
    record Reading(Instant readAt, List<QueueBacklog> groups) {}

    /** The last reading; empty before the first one (shortly after start). */
    Optional<Reading> last();
}
