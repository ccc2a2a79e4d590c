/**
 * The api-gateway's job metrics: counters of the events it sees ({@link
 * dev.connectorjobs.api.metrics.JobCounters}: submissions, revokes of waiting jobs, reaped and
 * poisoned jobs) and the backlog gauges read from PostgreSQL by one grouped query per interval
 * ({@code BacklogGauges}). docs/metrics.md lists every metric.
 */
@NullMarked
package dev.connectorjobs.api.metrics;

import org.jspecify.annotations.NullMarked;
