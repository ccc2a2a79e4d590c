package dev.connectorjobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The ids of the jobs the API has accepted so far in a run, added by the submitting clients as
 * their answers arrive and picked at random by the status lookups during the run ({@link
 * LookupsDuringRun}). Thread-safe. A lock rather than a lock-free structure: at a few thousand adds
 * and picks per second it costs nothing measurable, and a pick never sees a slot that is reserved
 * but not yet written.
 */
final class AcceptedIds {

    private final List<UUID> ids;

    AcceptedIds() {
        this(16);
    }

    /** @param expected how many ids the run will add at most, to size the list once */
    AcceptedIds(int expected) {
        this.ids = new ArrayList<>(Math.max(expected, 16));
    }

    synchronized void add(UUID id) {
        ids.add(id);
    }

    synchronized int size() {
        return ids.size();
    }

    /** One of the ids added so far, each equally likely; empty while none has been added. */
    synchronized Optional<UUID> pick(RandomGenerator random) {
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(random.nextInt(ids.size())));
    }

    /** The ids added so far, in the order they were added. */
    synchronized List<UUID> all() {
        return List.copyOf(ids);
    }
}
