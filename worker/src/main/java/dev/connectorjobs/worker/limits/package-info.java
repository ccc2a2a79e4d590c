/**
 * Cluster-wide limits per connector and per connector and operation: concurrent attempts and starts
 * per window, enforced at claim time under the limit's row lock in PostgreSQL, with deferred jobs
 * woken when a slot frees.
 */
@NullMarked
package dev.connectorjobs.worker.limits;

import org.jspecify.annotations.NullMarked;
