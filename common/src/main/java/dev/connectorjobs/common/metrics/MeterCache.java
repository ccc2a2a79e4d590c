package dev.connectorjobs.common.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters resolved once per key (e.g. a job's queue, connector and operation) and then reused, so
 * that counting an event costs a map lookup rather than building tags and asking the registry. The
 * keys are the few kinds of job in use, so the cache stays small.
 *
 * @param <K> what a meter is resolved for; a record of the tag values
 * @param <M> the meter (or a group of meters)
 */
public final class MeterCache<K, M> {

    private final Map<K, M> meters = new ConcurrentHashMap<>();
    private final Function<K, M> resolver;

    /** @param resolver registers (or finds) the meter of a key; called once per key */
    public MeterCache(Function<K, M> resolver) {
        this.resolver = resolver;
    }

    /** The meter of {@code key}, resolved on first use. */
    public M get(K key) {
        M meter = meters.get(key);
        return meter != null ? meter : meters.computeIfAbsent(key, resolver);
    }
}
