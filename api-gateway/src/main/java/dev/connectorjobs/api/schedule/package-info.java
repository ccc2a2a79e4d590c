/**
 * Recurring schedules: a cron expression in a time zone that submits a job template at every tick,
 * exactly once per tick across all api-gateway replicas, with a misfire policy for ticks missed
 * while no replica ran.
 */
@NullMarked
package dev.connectorjobs.api.schedule;

import org.jspecify.annotations.NullMarked;
