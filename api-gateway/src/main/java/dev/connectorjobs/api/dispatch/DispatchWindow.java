package dev.connectorjobs.api.dispatch;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * This replica's view of each queue's dispatch window: whether a new submission may be published at
 * once (the fast path) or must wait in PostgreSQL for the dispatcher's pick.
 *
 * <p>The fast path is open while the last sweep left nothing held for the queue and the jobs in
 * Kafka (as the sweep counted them, plus what this replica published since) are fewer than the
 * window. Under a backlog it is closed, so a new job queues behind higher priorities and takes its
 * turn among API keys instead of landing behind everything in the partition. Other replicas'
 * fast-path publications are seen at the next count, so with several replicas the window can be
 * exceeded by what each publishes within one sweep interval.
 */
@Component
public final class DispatchWindow {

    private final DispatchWindowProperties properties;
    private final ConcurrentMap<String, QueueState> queues = new ConcurrentHashMap<>();

    DispatchWindow(DispatchWindowProperties properties) {
        this.properties = properties;
    }

    /**
     * Whether a new job of {@code queue} may be published at once; if so it is counted in the
     * window. When not, store the job due at once and do not publish it: the dispatcher will.
     */
    public boolean admit(String queue) {
        if (!properties.enabled()) {
            return true;
        }
        return state(queue).admit();
    }

    /** What a sweep saw of {@code queue}: jobs in Kafka, the window, and whether it left jobs held. */
    void observed(String queue, int inFlight, int window, boolean held) {
        state(queue).observed(inFlight, window, held);
    }

    /**
     * The queues this replica published to at once since their last count; the sweep counts them
     * again even when nothing of theirs waits, so that claims reopen the fast path.
     */
    java.util.List<String> recentlyPublished() {
        return queues.entrySet().stream()
                .filter(e -> e.getValue().dirty)
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    private QueueState state(String queue) {
        return queues.computeIfAbsent(queue, q -> new QueueState(properties.minimum()));
    }

    /** One queue: the last count and this replica's fast-path publications since. */
    private static final class QueueState {
        private volatile int window;
        private volatile boolean held;
        private volatile boolean dirty;
        private final AtomicInteger inFlight = new AtomicInteger();

        QueueState(int window) {
            this.window = window;
        }

        boolean admit() {
            dirty = true;
            if (held) {
                return false;
            }
            int now = inFlight.incrementAndGet();
            if (now > window) {
                inFlight.decrementAndGet();
                held = true;
                return false;
            }
            return true;
        }

        void observed(int counted, int size, boolean stillHeld) {
            dirty = false;
            window = size;
            inFlight.set(counted);
            held = stillHeld || counted >= size;
        }
    }
}
