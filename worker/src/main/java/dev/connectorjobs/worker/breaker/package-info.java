/**
 * Circuit breakers, one per external service: the registry, their configuration, the events they
 * publish (log lines, metrics, snapshot rows in PostgreSQL) and their operation over the control
 * topic. Callers see {@link dev.connectorjobs.worker.breaker.BreakerRegistry}, {@link
 * dev.connectorjobs.worker.breaker.ServiceBreaker} and {@link
 * dev.connectorjobs.worker.breaker.CircuitOpenException}; the rest is internal.
 */
@NullMarked
package dev.connectorjobs.worker.breaker;

import org.jspecify.annotations.NullMarked;
