/** Riding out PostgreSQL outages: the {@code database} breaker, and retries of outcome writes. */
@NullMarked
package dev.connectorjobs.worker.database;

import org.jspecify.annotations.NullMarked;
