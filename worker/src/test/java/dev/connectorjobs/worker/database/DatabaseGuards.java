package dev.connectorjobs.worker.database;

import dev.connectorjobs.worker.breaker.BreakerRegistry;
import java.time.Clock;

/** Test-data builders for database guards. */
public final class DatabaseGuards {

    private DatabaseGuards() {}

    /** A guard whose breaker is the {@code database} breaker of {@code breakers}. */
    public static DatabaseGuard guard(BreakerRegistry breakers, Clock clock) {
        return new DatabaseGuard(breakers, clock);
    }
}
