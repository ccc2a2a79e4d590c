package dev.connectorjobs.api.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a schedule does with the ticks that no replica submitted in time (all were down, say). */
enum MisfirePolicy {
    /** Submit nothing for them; record one {@code SKIPPED} run that says how many were missed. */
    SKIP,
    /** Submit one job for all of them together, then carry on with the next tick. */
    RUN_ONCE;

    /** The name in the API and the database. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<MisfirePolicy> fromWire(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
    }
}
