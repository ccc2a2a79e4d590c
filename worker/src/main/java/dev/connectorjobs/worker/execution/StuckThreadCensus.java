package dev.connectorjobs.worker.execution;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The census of job threads that outlived their attempt's end (hard time limit) and still run. The
 * JVM cannot stop such a thread; it keeps its slot until it returns, and too many of them make the
 * worker not-ready ({@link StuckThreadsHealth}) so that it gets restarted.
 */
@Component
final class StuckThreadCensus {

    private final Set<Thread> outlived = ConcurrentHashMap.newKeySet();

    /** Counts {@code thread}, whose attempt has ended without it. */
    void outlived(Thread thread) {
        outlived.add(thread);
    }

    /** Called by a job's thread as it returns: it is no longer stuck. */
    void returned(Thread thread) {
        outlived.remove(thread);
    }

    /** How many counted threads still run. */
    int count() {
        outlived.removeIf(t -> !t.isAlive());
        return outlived.size();
    }
}
